"""SEARCH with Python's imaplib against the front-end: argv = port. Messages are built by Python's
own email package (its encoders choose the RFC 2047 and transfer encodings). Prints one line per
step; exits non-zero on the first unexpected answer."""
import imaplib
import sys
from email.message import EmailMessage
from email.policy import SMTP

port = int(sys.argv[1])
m = imaplib.IMAP4("127.0.0.1", port, timeout=10)
typ, _ = m.login("alice", "alice-secret")
assert typ == "OK", typ
typ, data = m.capability()
assert typ == "OK" and b"ESEARCH" in data[0].split(), data
print("login ok")


def message(subject, body, charset, cte, flags):
    msg = EmailMessage(policy=SMTP)
    msg["From"] = "Python <python@example.test>"
    msg["To"] = "alice@example.test"
    msg["Subject"] = subject
    msg.set_content(body, charset=charset, cte=cte)
    typ, data = m.append("INBOX", flags, None, msg.as_bytes())
    assert typ == "OK", data


message("Umzug in die Hauptstraße", "Die Wohnung ist groß.\n", "utf-8", "quoted-printable", r"(\Seen)")
message("Ședință la București", "Vă aştept la şedinţă.\n", "iso-8859-2", "quoted-printable", None)
message("Привет из Москвы", "Съешь же ещё этих мягких французских булок.\n", "koi8-r", "base64",
        r"(\Flagged)")
print("append ok")
typ, data = m.select("INBOX")
assert typ == "OK" and data[0] == b"3", data


def search(*criteria, charset=None):
    typ, data = m.search(charset, *criteria)
    assert typ == "OK", (criteria, typ, data)
    return data[0].split()


assert search("ALL") == [b"1", b"2", b"3"], search("ALL")
assert search("UNSEEN") == [b"2", b"3"]
assert search("SUBJECT", '"HAUPTSTRASSE"') == [b"1"]
assert search("OR", "FLAGGED", "SEEN") == [b"1", b"3"]
assert search("BODY", '"GROSS"') == [b"1"]
assert search("NOT", "FROM", "python") == []
print("search ok")

# a UTF-8 literal: imaplib sends {n}, waits for the continuation, then the bytes
m.literal = "ȘEDINȚĂ".encode("utf-8")
typ, data = m.uid("SEARCH", "CHARSET", "UTF-8", "SUBJECT")
assert typ == "OK" and data[0].split() == [b"2"], data
m.literal = "ФРАНЦУЗСКИХ".encode("utf-8")
typ, data = m.uid("SEARCH", "CHARSET", "UTF-8", "BODY")
assert typ == "OK" and data[0].split() == [b"3"], data
m.literal = "şedinţă".encode("utf-8")
typ, data = m.search("UTF-8", "BODY")
assert typ == "OK" and data[0].split() == [b"2"], data
print("literal ok")

typ, data = m.uid("SEARCH", "RETURN", "(MIN MAX COUNT)", "ALL")
assert typ == "OK", data
_, esearch = m.response("ESEARCH")
assert esearch and esearch[-1] and b"UID MIN 1 MAX 3 COUNT 3" in esearch[-1], esearch
print("esearch ok")

typ, data = m.search("ISO-8859-1", "SUBJECT", "x")
assert typ == "NO" and b"BADCHARSET" in data[0], (typ, data)
typ, data = m.search(None, "ALL")
assert typ == "OK" and data[0].split() == [b"1", b"2", b"3"], data
print("badcharset ok")
m.close()
m.logout()
print("done")
