"""A POP3 session with Python's poplib against the front-end; prints one JSON object.

Usage: poplib_session.py PORT
"""
import json
import poplib
import sys

port = int(sys.argv[1])
out = {}
pop = poplib.POP3("127.0.0.1", port, timeout=10)
out["welcome"] = pop.getwelcome().decode()
out["capa"] = sorted(pop.capa().keys())
try:
    pop.user("nobody@example.test")
    pop.pass_("wrong")
    out["bad_login"] = "accepted"
except poplib.error_proto as e:
    out["bad_login"] = e.args[0].decode()
pop.user("alice@example.test")
out["pass"] = pop.pass_("alice-secret").decode()
out["stat"] = list(pop.stat())
resp, listing, _ = pop.list()
out["list"] = [line.decode() for line in listing]
resp, uidls, _ = pop.uidl()
out["uidl"] = [line.decode() for line in uidls]
resp, lines, octets = pop.retr(1)
out["retr1"] = [line.decode() for line in lines]
out["retr1_octets"] = octets
resp, lines, _ = pop.top(2, 1)
out["top2"] = [line.decode() for line in lines]
try:
    pop.retr(42)
    out["retr42"] = "accepted"
except poplib.error_proto as e:
    out["retr42"] = e.args[0].decode()
out["dele"] = pop.dele(3).decode()
out["quit"] = pop.quit().decode()

pop = poplib.POP3("127.0.0.1", port, timeout=10)
pop.user("alice@example.test")
pop.pass_("alice-secret")
out["stat_after"] = list(pop.stat())
resp, uidls, _ = pop.uidl()
out["uidl_after"] = [line.decode() for line in uidls]
pop.quit()
print(json.dumps(out))
