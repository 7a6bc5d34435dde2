"""What the tests share: a valid case and libraries built from it, paths, and runners."""
