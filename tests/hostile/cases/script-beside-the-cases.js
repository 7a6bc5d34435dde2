// Same-origin script that script-src 'self' would trust.
location = "https://attacker.example/";
