"""Intake: the 'Propose a case study' issue form, and turning its answers into a case file.
"""
