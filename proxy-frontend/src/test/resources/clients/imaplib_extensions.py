"""COPY, MOVE, SUBSCRIBE/LSUB, NAMESPACE, GETQUOTAROOT and ID with Python's imaplib against the
front-end: argv = port, user, password. Prints one line per step; exits non-zero on the first
unexpected answer."""
import imaplib
import sys

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
m = imaplib.IMAP4("127.0.0.1", port, timeout=10)
imaplib.Commands["ID"] = ("NONAUTH", "AUTH", "SELECTED")
imaplib.Commands["MOVE"] = ("SELECTED",)
typ, data = m._simple_command("ID", '("name" "imaplib-test" "version" "3")')
typ, data = m._untagged_response(typ, data, "ID")
assert typ == "OK" and b'"name" "mailtier"' in data[0], data
print("id ok")
m.login(user, password)
typ, data = m.capability()
assert typ == "OK" and b" MOVE " in data[0] and b" NAMESPACE " in data[0], data
for i in range(3):
    msg = b"Subject: m%d\r\n\r\nbody %d\r\n" % (i, i)
    typ, data = m.append("INBOX", None, None, msg)
    assert typ == "OK", data
typ, data = m.select("INBOX")
assert typ == "OK" and data[0] == b"3", data
typ, data = m.copy("1:2", "Trash")
assert typ == "OK" and b"[COPYUID " in data[0] and b" 1:2 1:2]" in data[0], data
print("copy ok")
typ, data = m.copy("1", "Nowhere")
assert typ == "NO" and b"[TRYCREATE]" in data[0], data
print("trycreate ok")
typ, data = m.uid("MOVE", "2:3", "Drafts")
assert typ == "OK", data
assert m.untagged_responses.get("EXPUNGE") or True
typ, data = m.select("INBOX")
assert typ == "OK" and data[0] == b"1", data
typ, data = m.select("Drafts")
assert typ == "OK" and data[0] == b"2", data
print("move ok")
typ, data = m.create("Projects/Alpha")
assert typ == "OK", data
typ, data = m.unsubscribe("Projects")
assert typ == "OK", data
typ, data = m.subscribe("Projects/Alpha")
assert typ == "OK", data
typ, data = m.lsub('""', "Projects/*")
assert typ == "OK" and data == [b'() "/" "Projects/Alpha"'], data
typ, data = m.unsubscribe("Projects/Alpha")
assert typ == "OK", data
typ, data = m.lsub('""', "Projects/*")
assert typ == "OK" and data == [None], data
print("subscribe ok")
typ, data = m.namespace()
assert typ == "OK" and data == [b'(("" "/")) NIL NIL'], data
print("namespace ok")
typ, data = m.getquotaroot("INBOX")
assert typ == "OK", data
roots, quotas = data
assert roots == [b'"INBOX" ""'], data
assert quotas[0].startswith(b'"" (STORAGE 1 100 MESSAGE 5 50)'), data
print("quota ok")
m.logout()
print("done")
