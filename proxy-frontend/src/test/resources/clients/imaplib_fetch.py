"""FETCH of MIME structure and sections with Python's imaplib: argv = port, path of a .eml file
(a multipart/mixed with a multipart/alternative and an attachment). Prints one line per step;
exits non-zero on the first unexpected answer."""
import imaplib
import sys

port = int(sys.argv[1])
with open(sys.argv[2], "rb") as f:
    message = f.read()
m = imaplib.IMAP4("127.0.0.1", port, timeout=10)
typ, _ = m.login("alice", "alice-secret")
assert typ == "OK", typ
typ, data = m.append("INBOX", None, None, message)
assert typ == "OK" and b"APPENDUID" in data[0], data
uid = data[0].split(b"APPENDUID ")[1].split(b" ")[1].rstrip(b"]")
typ, data = m.select("INBOX")
assert typ == "OK", data
print("append ok")

typ, data = m.uid("FETCH", uid, "(BODYSTRUCTURE)")
assert typ == "OK", data
structure = data[0]
for expected in [
    b'("text" "plain" ("charset" "utf-8") NIL NIL "QUOTED-PRINTABLE" 32 2 NIL NIL NIL NIL)',
    b'"alternative" ("boundary" "inner")',
    b'("attachment" ("filename" "report.pdf")) ("en" "de") "http://example.test/report.pdf"',
    b'"mixed" ("boundary" "outer") NIL NIL NIL))',
]:
    assert expected in structure, (expected, structure)
assert structure.count(b"(") == structure.count(b")"), structure
print("bodystructure ok")

typ, data = m.uid("FETCH", uid, "(BODY.PEEK[1.MIME])")
assert typ == "OK", data
assert b"BODY[1.MIME] {" in data[0][0], data
assert data[0][1] == b"Content-Type: multipart/alternative; boundary=inner\r\n\r\n", data
typ, data = m.uid("FETCH", uid, "(BODY.PEEK[1.1.MIME] BINARY.PEEK[1.1])")
assert typ == "OK", data
assert data[0][1] == (
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"), data
assert data[1][1] == "Hello și salut\r\nsecond line".encode("utf-8"), data
print("mime ok")

typ, data = m.uid("FETCH", uid, "(FLAGS)")
assert typ == "OK" and b"\\Seen" not in data[0], data
typ, data = m.uid("FETCH", uid, "(BODY[])")
assert typ == "OK" and data[0][1] == message and b"\\Seen" in data[1], data
print("body ok")
m.close()
m.logout()
print("done")
