#!/usr/bin/env python3
"""Writes the fourth held-out evaluation set: recordings and their sidecars.

Every step list below was written by hand from the public pages named in
SRC, with its expected findings and step kinds written in the same sitting,
before any Stepwise output existed for it. The Rec / write helpers are those
of every set (../evalrec.py), so the recording and sidecar formats are the
same. Run: python3 build_heldout4.py (writes NAME.json and NAME.expect.json
next to this file).
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from evalrec import Rec, writer  # noqa: E402

SRC = {
    "ping_pw": "https://docs.pingidentity.com/pingone/directory/p1_resetuserpassword.html",
    "ping_mfa": "https://docs.pingidentity.com/pingone/directory/p1_manage_a_users_devices.html",
    "ping_edit": "https://docs.pingidentity.com/pingone/directory/p1_edituser.html",
    "ping_unlock": "https://docs.pingidentity.com/pingone/directory/p1_enable_a_user.html",
    "lp_users": "https://support.lastpass.com/help/how-do-i-manage-lastpass-enterprise-and-identity-users",
    "lp_reset": "https://support.lastpass.com/help/reset-a-users-master-password-super-admin-lp010038",
    "lp_sessions": "https://support.lastpass.com/help/i-am-a-super-admin-why-cant-i-reset-a-users-master-password-in-lastpass",
    "lp_mp": "https://support.logmeininc.com/lastpass/help/enterprise-admin-management-of-master-passwords-lp010025",
    "zmail": "https://help.zoho.com/portal/en/kb/mail/adminconsole/articles/how-can-i-reset-a-users-password-as-an-administrator",
    "zdir": "https://help.zoho.com/portal/en/kb/directory/admin-guide/managing-users/articles/zohoone-reset-password",
    "zdesk_threads": "https://help.zoho.com/portal/en/kb/desk/ticket-management/ticket-replies/articles/public-and-private-threads-in-tickets",
    "zdesk_status": "https://help.zoho.com/portal/en/kb/desk/ticket-management/ticket-status/articles/customizing-ticket-statuses",
    "zdesk_comments": "https://zohobrasil.zohodesk.com/portal/pt-br/kb/articles/colabora%C3%A7%C3%A3o-por-coment%C3%A1rios",
    "dbx_console": "https://help.dropbox.com/guide/admin/how-to-get-started/admin-console",
    "dbx_members": "https://help.dropbox.com/account-access/enterprise-console",
    "sdp_status": "https://help.servicedeskplus.com/configurations/helpdesk/configuring-status.html",
    "sdp_note": "https://www.manageengine.com/ca/products/service-desk/sdpod-v3-api/requests/request_note.html",
    "sdp_close": "https://www.manageengine.com/products/service-desk/help/adminguide/configurations/helpdesk/request_closing_rules.html",
}

CORE_ERRORS = ["verification-missing", "verification-after-access", "logging-missing",
               "delivery-channel-unapproved", "exception-failed-verification-missing"]
OTHER_ERRORS = ["verification-knowledge-based", "verification-caller-supplied-contact",
                "verification-bypass", "secret-in-document"]
CLEAN = CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing",
                                      "credential-change-not-forced"]

write = writer(HERE, SRC, "ho4-", "2026-11-27T15:%02d:00Z", browser="Edge 131",
               timezone="Europe/Dublin")

# ---------------------------------------------------------------- ServiceDesk Plus (ticket tool)
SDP = "https://sdp.example.org/"


def sdp_page(r, req):
    r.at("ServiceDesk Plus", SDP + "WorkOrder.do", "Request #" + req + " - ServiceDesk Plus")


def sdp_open(r, req, filtered=True, pick=True):
    r.at("ServiceDesk Plus", SDP + "WOListView.do", "Requests - ServiceDesk Plus")
    r.add("navigate", "intake", "opens", "link", "Requests")
    if filtered:
        r.add("select", "intake", "sets", "combobox", "Filter", choice="My Open Requests")
    r.add("click", "intake", "opens", "link", "#" + req)
    sdp_page(r, req)
    if pick:
        r.add("click", "intake", "commits", "button", "Pick up")


def sdp_note(r, req, back=True):
    sdp_page(r, req)
    if back:
        r.add("switch_tab", "other", "opens")
    r.add("click", "other", "opens", "button", "Actions")
    r.add("click", "other", "opens", "menuitem", "Add Notes")
    r.add("input", "other", "sets", "textbox", "Notes", field_kind="text", gap=30000)
    r.add("click", "log", "commits", "button", "Add Note", label="log")


def sdp_resolve(r):
    r.add("select", "other", "sets", "combobox", "Status", choice="Resolved")
    r.add("click", "log", "commits", "button", "Save", label="resolve")


# ---------------------------------------------------------------- Zoho Desk (ticket tool)
ZD = "https://desk.zoho.eu/agent/example/it-help/tickets/"


def zd_page(r, n):
    r.at("Zoho Desk", ZD + "details", "#" + n + " - Zoho Desk")


def zd_open(r, n):
    r.at("Zoho Desk", ZD + "list", "Tickets - Zoho Desk")
    r.add("navigate", "intake", "opens", "link", "My Open Tickets")
    r.add("click", "intake", "opens", "link", "#" + n)
    zd_page(r, n)


def zd_comment(r, n, back=True):
    zd_page(r, n)
    if back:
        r.add("switch_tab", "other", "opens")
    r.add("click", "other", "opens", "tab", "Comment")
    r.add("input", "other", "sets", "textbox", "Comment", field_kind="text", gap=30000)
    r.add("click", "log", "commits", "button", "Comment", label="log")


def zd_close(r):
    r.add("select", "other", "sets", "combobox", "Status", choice="Closed")
    r.add("click", "log", "commits", "button", "Update", label="close")


# ---------------------------------------------------------------- PingOne admin console
PING = "https://console.pingone.com/"


def ping_users(r, nav=True):
    r.at("PingOne", PING + "directory/users", "Users - PingOne")
    r.add("open_tab", "other", "opens")
    if nav:
        r.add("click", "intake", "opens", "link", "Directory")
        r.add("click", "intake", "opens", "link", "Users")


def ping_pick(r):
    r.add("input", "intake", "sets", "searchbox", "Search", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("PingOne", PING + "directory/users/details", "[record] - Users - PingOne")


# P1: correct, lots of noise (wrong user opened first, a bypass dialog opened and cancelled).
r = Rec()
sdp_open(r, "6107")
ping_users(r)
ping_pick(r)
r.add("click", "other", "opens", "tab", "Profile")
r.add("click", "other", "opens", "button", "Close")
r.at("PingOne", PING + "directory/users", "Users - PingOne")
ping_pick(r)
r.add("click", "other", "opens", "tab", "Profile")
r.add("note", "verify", "commits",
      text="Rang back the desk number listed in the company directory rather than the number that called in; the user picked up and confirmed they asked for the old phone to be removed.",
      label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception",
      text="Call-back unanswered, refused or not confirmed: change nothing in PingOne, move the request to the Identity team group in ServiceDesk Plus and let the user know within one hour.",
      label="exc")
r.add("click", "other", "opens", "tab", "Services")
r.add("click", "other", "opens", "tab", "Authentication")
r.add("click", "other", "opens", "button", "Allow MFA bypass")
r.add("click", "other", "opens", "button", "Cancel")
r.add("click", "other", "opens", "button", "More Options")
r.add("click", "other", "opens", "menuitem", "Unpair", label="menu")
r.add("click", "access", "commits", "button", "Unpair", label="access")
r.add("note", "confirm", "commits", text="User paired the replacement phone at the next sign-on and got in.",
      label="confirm", gap=240000)
sdp_note(r, "6107")
sdp_resolve(r)
write("pingone-unpair-noisy-correct", "PingOne: unpair a lost phone after a call-back, with detours",
      "ho4-pingone-unpair-noisy-correct", r,
      "PingOne admin console (request in ServiceDesk Plus)", "correct",
      ["ping_mfa", "ping_edit", "sdp_note", "sdp_status"], [], CLEAN)

# P2: faulty, no verification before an MFA bypass and a device unpair; terse notes.
r = Rec()
sdp_open(r, "6132", filtered=False, pick=False)
r.add("note", "intake", "sets", text="usr got new ph, old one wiped, cant do MFA")
ping_users(r, nav=False)
ping_pick(r)
r.add("click", "other", "opens", "tab", "Services")
r.add("click", "other", "opens", "tab", "Authentication")
r.add("click", "other", "opens", "button", "Allow MFA bypass")
r.add("select", "other", "sets", "combobox", "Duration", choice="1 hour")
r.add("click", "access", "commits", "button", "Bypass", label="access")
r.add("click", "other", "opens", "button", "More Options")
r.add("click", "other", "opens", "menuitem", "Unpair")
r.add("click", "access", "commits", "button", "Unpair", label="unpair")
sdp_note(r, "6132")
r.add("note", "confirm", "commits", text="usr confirmed new ph paired, signed in ok", label="confirm", gap=300000)
sdp_resolve(r)
write("pingone-mfa-removed-unverified-faulty", "PingOne: MFA bypassed and device unpaired with no identity check",
      "ho4-pingone-mfa-removed-unverified", r,
      "PingOne admin console (request in ServiceDesk Plus)",
      "faulty: no verification at all before an MFA bypass and the removal of the paired device",
      ["ping_mfa", "ping_edit", "sdp_note"],
      [("verification-missing", "access", "MFA is bypassed and the device unpaired with no verification before either")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved", "secret-in-document",
       "confirmation-missing", "credential-change-not-forced", "verification-knowledge-based",
       "verification-caller-supplied-contact"])

# P3: faulty, good check but the generated password is read out on the call; passive notes.
r = Rec()
sdp_open(r, "6140")
r.add("note", "verify", "commits", text="Code texted to the mobile on the PingOne profile; read back by caller, matches.",
      label="verify", gap=80000)
r.add("mark", "escalate", "sets", mark="exception",
      text="No code back, a wrong code, or no reply in 10 minutes: leave the password alone and reassign the request to the Identity team group.")
ping_users(r)
ping_pick(r)
r.add("click", "other", "opens", "button", "More Options")
r.add("click", "other", "opens", "menuitem", "Reset Password", label="menu")
r.add("select", "other", "sets", "radio", "Reset option", choice="Create or generate a password")
r.add("click", "other", "sets", "button", "Generate Password")
r.add("click", "other", "sets", "button", "Show password")
r.add("click", "access", "commits", "button", "Save", label="access")
r.add("note", "deliver", "commits", text="Password was read out to the caller so they could get straight in.", label="deliver")
r.add("note", "confirm", "commits", text="Caller signed in.", label="confirm", gap=60000)
sdp_note(r, "6140")
sdp_resolve(r)
write("pingone-generated-password-read-aloud-faulty", "PingOne: generated password read aloud on the call",
      "ho4-pingone-password-read-aloud", r,
      "PingOne admin console (request in ServiceDesk Plus)",
      "faulty: the generated password is read aloud to the caller",
      ["ping_pw", "sdp_note", "sdp_status"],
      [("delivery-channel-unapproved", "deliver", "the secret is read aloud on the phone, a channel outside the approved list")],
      ["verification-missing", "verification-after-access", "logging-missing",
       "exception-failed-verification-missing", "verification-knowledge-based",
       "verification-caller-supplied-contact", "verification-bypass", "secret-in-document",
       "confirmation-missing"])

# P4: correct unlock only (no new secret); the recording begins with the request already open.
r = Rec()
sdp_page(r, "6150")
r.add("click", "intake", "commits", "button", "Pick up")
r.add("note", "intake", "sets", text="Locked out after too many wrong passwords at the weekend; still knows the password.")
r.add("note", "verify", "commits",
      text="Called back on the mobile held in the HR record; the user answered and confirmed the request was theirs.",
      label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception",
      text="No answer on the call-back, or the person cannot confirm: keep the account locked, reassign to the Identity team group, and ask the user to call again.",
      label="exc")
ping_users(r)
ping_pick(r)
r.add("click", "access", "commits", "switch", "Locked", label="access")
r.add("note", "confirm", "commits", text="User tried again and is in.", label="confirm", gap=60000)
sdp_note(r, "6150")
r.add("click", "log", "commits", "button", "Close", label="closed")
write("pingone-unlock-correct", "PingOne: unlock a locked account after a call-back (starts mid-task)",
      "ho4-pingone-unlock-correct", r,
      "PingOne admin console (request in ServiceDesk Plus)", "correct",
      ["ping_unlock", "sdp_note", "sdp_close"], [], CLEAN)

# ---------------------------------------------------------------- LastPass Admin Console
LP = "https://admin.lastpass.com/"


def lp_find(r, tab=True):
    r.at("LastPass Admin Console", LP + "users", "Users - LastPass Admin Console")
    if tab:
        r.add("open_tab", "other", "opens")
        r.add("click", "intake", "opens", "link", "Users")
    else:
        r.add("navigate", "intake", "opens", "link", "Users")
    r.add("input", "intake", "sets", "searchbox", "Search", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("LastPass Admin Console", LP + "users/details", "[record] - LastPass Admin Console")


# L1: correct MFA re-enrolment (multifactor disabled, sessions destroyed).
r = Rec()
zd_open(r, "2281")
r.add("note", "intake", "sets",
      text="New phone; the authenticator did not come across, so vault sign-in stops at the multifactor prompt.")
lp_find(r)
r.add("note", "verify", "commits",
      text="Call-back placed to the mobile number held in Workday; user answered and confirmed the request.",
      label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception",
      text="Call-back not answered or not confirmed: leave multifactor on, set the ticket to Escalated and assign it to the Security Operations team the same day.",
      label="exc")
r.add("click", "other", "opens", "button", "Disable multifactor", label="menu")
r.add("click", "access", "commits", "button", "OK", label="access")
r.add("click", "other", "opens", "button", "Destroy all sessions")
r.add("click", "access", "commits", "button", "OK", label="sessions")
r.add("note", "confirm", "commits", text="User set the authenticator up again on the new phone and opened the vault.",
      label="confirm", gap=300000)
zd_comment(r, "2281")
zd_close(r)
write("lastpass-mfa-reenrol-correct", "LastPass: multifactor re-enrolment after a call-back",
      "ho4-lastpass-mfa-reenrol-correct", r,
      "LastPass Admin Console (ticket in Zoho Desk)", "correct",
      ["lp_users", "lp_sessions", "zdesk_status"], [], CLEAN)

# L2: faulty, master password reset first, call-back afterwards.
r = Rec()
zd_open(r, "2290")
lp_find(r)
r.add("click", "other", "opens", "button", "More")
r.add("click", "other", "opens", "menuitem", "Reset master password", label="menu")
r.add("click", "other", "opens", "button", "OK")
r.add("input", "other", "sets", "textbox", "Your master password", field_kind="password")
r.add("click", "other", "opens", "button", "Submit")
r.add("input", "other", "sets", "textbox", "New master password", field_kind="password")
r.add("input", "other", "sets", "textbox", "Confirm new master password", field_kind="password")
r.add("click", "access", "commits", "button", "Submit", label="access")
r.add("click", "other", "opens", "button", "Require master password change")
r.add("click", "access", "commits", "button", "OK", label="force")
r.add("note", "deliver", "commits", text="New master password texted to the mobile number on the HR record.", label="deliver")
r.add("note", "verify", "commits", text="Afterwards called the user back on that same HR number to make sure it was really them.",
      label="verify", gap=120000)
r.add("mark", "escalate", "sets", mark="exception",
      text="If the call-back fails or is not confirmed, set the ticket to Escalated for the Security Operations team within 30 minutes.")
r.add("note", "confirm", "commits", text="User opened the vault and chose a new master password.", label="confirm", gap=200000)
zd_comment(r, "2290")
zd_close(r)
write("lastpass-reset-before-verify-faulty", "LastPass: master password reset before the call-back",
      "ho4-lastpass-reset-before-verify", r,
      "LastPass Admin Console (ticket in Zoho Desk)",
      "faulty: reset before verification — the call-back comes after the master password was reset and sent",
      ["lp_reset", "lp_users", "lp_mp", "zdesk_status"],
      [("verification-after-access", "access", "the only verification (a call-back) happens after the reset and the delivery")],
      ["logging-missing", "delivery-channel-unapproved", "credential-change-not-forced",
       "verification-knowledge-based", "secret-in-document", "confirmation-missing"])

# L3: correct, verification fails and the ticket is escalated; no access change at all.
r = Rec()
zd_open(r, "2304")
lp_find(r)
r.add("click", "other", "opens", "button", "More")
r.add("click", "other", "opens", "menuitem", "Reset master password")
r.add("click", "other", "opens", "button", "Cancel")
r.add("note", "verify", "commits",
      text="Rang the mobile number on file twice with no answer; the person on the inbound call could not give the code sent to the registered e-mail address.",
      label="verify", gap=240000)
r.add("mark", "escalate", "sets", mark="exception",
      text="Verification failed or timed out: reset nothing, set the ticket to Escalated and assign it to the Security Operations team within 30 minutes.",
      label="exc")
zd_comment(r, "2304")
r.add("select", "other", "sets", "combobox", "Status", choice="Escalated")
r.add("select", "other", "sets", "combobox", "Team", choice="Security Operations")
r.add("click", "escalate", "commits", "button", "Update", label="escalate")
write("lastpass-failed-check-escalated-correct", "LastPass: verification fails, ticket escalated, nothing reset",
      "ho4-lastpass-failed-check-escalated", r,
      "LastPass Admin Console (ticket in Zoho Desk)", "correct",
      ["lp_reset", "lp_users", "zdesk_status"], [],
      ["verification-missing", "verification-after-access", "verification-bypass", "logging-missing",
       "delivery-channel-unapproved", "secret-in-document", "exception-failed-verification-missing",
       "credential-change-not-forced", "verification-knowledge-based",
       "verification-caller-supplied-contact", "escalation-target-missing"])

# L4: faulty, multifactor disabled after a good check but nothing recorded anywhere.
r = Rec()
lp_find(r, tab=False)
r.add("note", "verify", "commits", text="Code e-mailed to the registered address, read back by the user over the phone: OK.",
      label="verify", gap=70000)
r.add("mark", "escalate", "sets", mark="exception",
      text="Code not read back or wrong: multifactor stays on and the call is passed to the Security Operations team lead.")
r.add("click", "other", "opens", "button", "Disable multifactor", label="menu")
r.add("click", "access", "commits", "button", "OK", label="access")
r.add("note", "confirm", "commits", text="User re-enrolled and signed in.", label="confirm", gap=180000)
r.add("close_tab", "other", "opens")
write("lastpass-no-ticket-record-faulty", "LastPass: multifactor disabled on a phone call, never written down",
      "ho4-lastpass-no-ticket-record", r,
      "LastPass Admin Console (no ticket)",
      "faulty: no logging — no ticket, note or record of the multifactor change",
      ["lp_users"],
      [("logging-missing", "access", "nothing after disabling multifactor records it in a ticket or log")],
      ["verification-missing", "verification-after-access", "exception-failed-verification-missing",
       "delivery-channel-unapproved", "verification-knowledge-based", "confirmation-missing"])

# ---------------------------------------------------------------- Zoho Mail Admin Console
ZM = "https://mailadmin.zoho.eu/cpanel/"


def zm_change(r, force=True, signout=True, copy=False):
    r.at("Zoho Mail Admin Console", ZM + "users", "Users - Zoho Mail Admin Console")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("input", "intake", "sets", "searchbox", "Search", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Zoho Mail Admin Console", ZM + "users/details", "[record] - Zoho Mail Admin Console")
    r.add("click", "other", "opens", "tab", "Security")
    r.add("click", "other", "opens", "link", "Change Password", label="menu")
    r.add("input", "other", "sets", "textbox", "New password", field_kind="password")
    r.add("input", "other", "sets", "textbox", "Confirm password", field_kind="password")
    if copy:
        r.add("copy", "other", "sets", "textbox", "New password", label="copy")
    if force:
        r.add("check", "other", "sets", "checkbox", "Force user to change password on next login")
    if signout:
        r.add("check", "other", "sets", "checkbox", "Sign out of all devices")
    r.add("click", "access", "commits", "button", "Change", label="access")


# Z1: correct, passive notes.
r = Rec()
zd_open(r, "2315")
r.add("note", "verify", "commits", text="One-time code was texted to the mobile number held by HR; read back by caller, matches.",
      label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception",
      text="Code not read back, wrong, or no reply within 10 minutes: no change to the mailbox; ticket to Escalated for the Messaging team lead, caller told to expect contact within the hour.",
      label="exc")
zm_change(r)
r.add("note", "deliver", "commits", text="Temp password was sent via SMS to the HR mobile number.", label="deliver")
r.add("note", "confirm", "commits", text="Caller logged in and was made to pick a new password.", label="confirm", gap=150000)
zd_comment(r, "2315")
zd_close(r)
write("zohomail-sms-code-correct", "Zoho Mail: password changed after an SMS code, change forced at next login",
      "ho4-zohomail-sms-code-correct", r,
      "Zoho Mail Admin Console (ticket in Zoho Desk)", "correct",
      ["zmail", "zdesk_comments", "zdesk_status"], [], CLEAN)

# Z2: faulty, knowledge questions only, no forced change, password pasted into a reply.
r = Rec()
zd_open(r, "2333")
r.add("note", "verify", "commits",
      text="Checked DOB, staff ID and the name of the line manager against the HR record - all correct.",
      label="verify", gap=60000)
zm_change(r, force=False, signout=False, copy=True)
zd_page(r, "2333")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "button", "Reply")
r.add("paste", "other", "sets", "textbox", "Reply", label="paste")
r.add("click", "deliver", "commits", "button", "Send", label="deliver")
zd_close(r)
write("zohomail-kba-pasted-reply-faulty", "Zoho Mail: knowledge questions, password pasted into the ticket reply",
      "ho4-zohomail-kba-pasted-reply", r,
      "Zoho Mail Admin Console (ticket in Zoho Desk)",
      "faulty: knowledge-based check only, no forced change at next login, password e-mailed in a ticket reply and kept in the ticket",
      ["zmail", "zdesk_threads", "zdesk_status"],
      [("verification-knowledge-based", "verify", "date of birth, staff ID and manager's name are facts others can know or look up"),
       ("credential-change-not-forced", "access", "'Force user to change password on next login' is left unticked"),
       ("delivery-channel-unapproved", "deliver", "the reply goes out by e-mail with the password in it"),
       ("secret-in-document", "paste", "the password is pasted into the ticket reply, so the ticket keeps it"),
       ("exception-failed-verification-missing", None, "no path for a failed or refused check"),
       ("confirmation-missing", None, "no check that the user can sign in")],
      ["verification-missing", "verification-after-access"])

# ---------------------------------------------------------------- Zoho Directory (Zoho One)
ZDIR = "https://directory.zoho.eu/directory/"


def zdir_find(r):
    r.at("Zoho Directory", ZDIR + "users", "Users - Zoho Directory")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("input", "intake", "sets", "searchbox", "Search", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Zoho Directory", ZDIR + "users/details", "[record] - Zoho Directory")


def zdir_reset(r):
    r.add("click", "other", "opens", "button", "Reset Password", label="menu")
    r.add("check", "other", "sets", "checkbox", "Clear mobile sessions and API tokens")
    r.add("input", "other", "sets", "textbox", "Password", field_kind="password")
    r.add("click", "access", "commits", "button", "Yes, Confirm", label="access")


# D1: faulty, the code check times out and the reset goes ahead on seniority and a vouching assistant.
r = Rec()
zd_open(r, "2342")
r.add("note", "verify", "commits",
      text="Sent a one-time code to the mobile on the Directory profile; nothing read back, timed out after 10 min.",
      label="verify", gap=600000)
r.add("note", "other", "sets",
      text="Caller says he is VP Sales and presents to the board in 20 minutes; his assistant vouched for him on the line, so reset anyway.",
      label="bypass")
zdir_find(r)
zdir_reset(r)
zd_comment(r, "2342")
zd_close(r)
write("zohodir-timed-out-vp-faulty", "Zoho Directory: code timed out, reset anyway for a senior caller",
      "ho4-zohodir-timed-out-vp", r,
      "Zoho Directory / Zoho One admin (ticket in Zoho Desk)",
      "faulty: verification timed out; the reset goes ahead because of seniority, urgency and an assistant vouching",
      ["zdir", "zdesk_comments", "zdesk_status"],
      [("verification-bypass", "bypass", "seniority, urgency and a vouching assistant replace a verification that timed out"),
       ("exception-failed-verification-missing", None, "the timed-out check is not routed to an escalation"),
       ("confirmation-missing", None, "no check that the user can sign in")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "credential-change-not-forced", "secret-in-document"])

# D2: correct; begins with the ticket already open, checks the profile in another tab, one long note at the end.
r = Rec()
zdir_find(r)
zd_page(r, "2350")
r.add("switch_tab", "other", "opens")
r.add("note", "verify", "commits",
      text="Called back the mobile number shown on the user's Zoho Directory profile; the user answered and confirmed they raised #2350.",
      label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception",
      text="Call-back not answered, or the request not confirmed: do not reset; set #2350 to Escalated for the IT Security team within 30 minutes.",
      label="exc")
r.at("Zoho Directory", ZDIR + "users/details", "[record] - Zoho Directory")
r.add("switch_tab", "other", "opens")
zdir_reset(r)
zd_page(r, "2350")
r.add("switch_tab", "other", "opens")
r.add("note", "confirm", "commits",
      text=("Follow-up call: the user found the one-time password Zoho e-mailed to the recovery address on their profile, "
            "signed in with it, was made to set a new password straight away, and had to sign in again on the phone app "
            "because its sessions had been cleared. Nothing else outstanding, so the ticket can close."),
      label="confirm", gap=420000)
zd_comment(r, "2350", back=False)
zd_close(r)
write("zohodir-mid-task-callback-correct", "Zoho Directory: call-back checked in a second tab, one-time password by e-mail",
      "ho4-zohodir-mid-task-callback-correct", r,
      "Zoho Directory / Zoho One admin (ticket in Zoho Desk)", "correct",
      ["zdir", "zdesk_comments", "zdesk_status"], [], CLEAN)

# ---------------------------------------------------------------- Dropbox admin console
DBX = "https://www.dropbox.com/team/admin/"


def dbx_find(r, tab=True):
    r.at("Dropbox", DBX + "members", "Members - Admin console - Dropbox")
    if tab:
        r.add("open_tab", "other", "opens")
    else:
        r.add("navigate", "intake", "opens", "link", "Admin console")
    r.add("click", "intake", "opens", "link", "Members")
    r.add("input", "intake", "sets", "searchbox", "Search members", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Dropbox", DBX + "members/details", "[record] - Admin console - Dropbox")


def dbx_reset(r, cancel_first=False):
    if cancel_first:
        r.add("click", "other", "opens", "button", "More options")
        r.add("click", "other", "opens", "menuitem", "Reset password")
        r.add("click", "other", "opens", "button", "Cancel")
    r.add("click", "other", "opens", "button", "More options")
    r.add("click", "other", "opens", "menuitem", "Reset password", label="menu")
    r.add("click", "access", "commits", "button", "Reset password", label="access")


# B1: faulty, console only: no notes, no verification, no ticket.
r = Rec()
dbx_find(r, tab=False)
dbx_reset(r)
r.add("close_tab", "other", "opens")
write("dropbox-console-only-faulty", "Dropbox: password reset from the console alone, no check and no record",
      "ho4-dropbox-console-only", r,
      "Dropbox admin console (no ticket)",
      "faulty: no verification, no ticket or note, no confirmation — nothing but the console clicks",
      ["dbx_console", "dbx_members"],
      [("verification-missing", "access", "the password is reset with no verification before it"),
       ("logging-missing", "access", "nothing records the reset"),
       ("confirmation-missing", None, "no check that the member can sign in")],
      ["verification-after-access", "delivery-channel-unapproved", "secret-in-document",
       "credential-change-not-forced", "verification-knowledge-based",
       "verification-caller-supplied-contact", "verification-bypass"])

# B2: faulty, the one-time code goes to a personal mobile the caller supplied.
r = Rec()
sdp_open(r, "6171")
r.add("note", "intake", "sets", text="Caller is travelling without the work phone; gave a personal mobile number to use instead.")
r.add("note", "verify", "commits", text="Texted a one-time code to that personal mobile; the caller read it back.",
      label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception",
      text="No code back or a wrong code: no reset; reassign the request to the Collaboration team group within 30 minutes.")
dbx_find(r)
dbx_reset(r)
r.add("note", "confirm", "commits", text="Reset e-mail reached the work inbox on the laptop; signed in with the new password.",
      label="confirm", gap=240000)
sdp_note(r, "6171")
sdp_resolve(r)
write("dropbox-caller-mobile-faulty", "Dropbox: one-time code sent to a number the caller gave",
      "ho4-dropbox-caller-mobile", r,
      "Dropbox admin console (request in ServiceDesk Plus)",
      "faulty: the verification code goes to a personal mobile number supplied by the caller during the call",
      ["dbx_console", "dbx_members", "sdp_note", "sdp_status"],
      [("verification-caller-supplied-contact", "verify", "the code is sent to a number the caller gave, not one of record")],
      ["verification-missing", "verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "credential-change-not-forced", "confirmation-missing", "exception-failed-verification-missing"])

# B3: correct; reset dialog opened and cancelled once; resolution written on the request.
r = Rec()
sdp_open(r, "6188", filtered=False)
r.add("note", "verify", "commits",
      text="Sent a one-time code by SMS to the mobile in the HR system; the caller read it back correctly.",
      label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception",
      text="Code wrong, refused or not returned within 10 minutes: no reset; reassign the request to the Collaboration team group within 30 minutes.",
      label="exc")
dbx_find(r)
dbx_reset(r, cancel_first=True)
r.add("note", "confirm", "commits", text="Member followed the reset e-mail, set a new password and is signed in.",
      label="confirm", gap=300000)
sdp_page(r, "6188")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "tab", "Resolution")
r.add("input", "other", "sets", "textbox", "Resolution", field_kind="text", gap=30000)
r.add("click", "log", "commits", "button", "Save", label="log")
r.add("click", "log", "commits", "button", "Close", label="closed")
write("dropbox-sms-code-correct", "Dropbox: SMS code to the number of record, reset e-mail from the console",
      "ho4-dropbox-sms-code-correct", r,
      "Dropbox admin console (request in ServiceDesk Plus)", "correct",
      ["dbx_console", "dbx_members", "sdp_close", "sdp_status"], [], CLEAN)

print("ok")
