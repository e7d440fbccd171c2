"""A session with Python's imaplib against the front-end: argv = port. Prints one line per step;
exits non-zero on the first unexpected answer."""
import imaplib
import sys

port = int(sys.argv[1])
m = imaplib.IMAP4("127.0.0.1", port, timeout=10)
assert "AUTH=PLAIN" in m.capabilities, m.capabilities
typ, _ = m.authenticate("PLAIN", lambda _: b"\0bob\0bob-secret")
assert typ == "OK", typ
print("login ok")
message = b"From: alice@example.test\r\nSubject: imaplib\r\n\r\nHello from Python\r\n"
typ, data = m.append("INBOX", r"(\Flagged)", None, message)
assert typ == "OK" and b"APPENDUID" in data[0], data
print("append ok")
typ, data = m.select("INBOX")
assert typ == "OK" and data[0] == b"1", data
typ, data = m.fetch("1", "(FLAGS BODY.PEEK[])")
assert typ == "OK" and data[0][1] == message and b"\\Flagged" in data[0][0], data
print("fetch ok")
typ, data = m.uid("STORE", "1", "+FLAGS", r"(\Seen \Deleted)")
assert typ == "OK", data
typ, data = m.expunge()
assert typ == "OK" and data == [b"1"], data
print("expunge ok")
typ, data = m.list('""', "*")
assert typ == "OK" and any(b'"Sent"' in line and b"\\Sent" in line for line in data), data
m.close()
m.logout()
print("done")
