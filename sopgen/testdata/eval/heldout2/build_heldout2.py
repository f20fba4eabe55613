#!/usr/bin/env python3
"""Writes the second held-out set of evaluation recordings and their sidecars.

Every step list below was written by hand from the public pages named in SRC,
with its expected findings and step kinds, before any Stepwise output existed
for it. Follows the conventions of ../recordings/README.md; the Rec / write
helpers are those of every set (../evalrec.py).
Run: python3 build_heldout2.py (writes NAME.json and NAME.expect.json here).
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from evalrec import Rec, writer  # noqa: E402

SRC = {
    "m365_a": "https://abouconde.com/2019/01/18/change-or-reset-microsoft-365-password/",
    "m365_b": "https://microsoftazblog.blogspot.com/2024/07/steps-to-reset-user-password-in.html",
    "m365_c": "https://stefanoscloud.blogspot.com/2022/07/how-to-reset-password-of-microsoft-365.html",
    "m365_d": "https://1cyber.freshdesk.com/support/solutions/articles/43000567050-reset-user-passwords",
    "onelogin": "https://carthage.libanswers.com/faq/349578",
    "auth0_mfa": "https://docupace.atlassian.net/wiki/spaces/UG/pages/2188279833/Resetting+a+Users+Multi-Factor+Authentication",
    "auth0_users": "https://auth0.com/docs/users/guides/manage-users-using-the-dashboard",
    "auth0_da": "https://auth0.com/docs/extensions/delegated-admin/manage-users",
    "ipa_rhel9": "https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/9/html/managing_idm_users_groups_hosts_and_access_control_rules/managing-user-passwords-in-idm_managing-users-groups-hosts",
    "ipa_rhel6": "https://docs.redhat.com/en/documentation/Red_Hat_Enterprise_Linux/6/html/identity_management_guide/changing-pwds",
    "ipa_unlock": "https://freeipa.readthedocs.io/en/latest/api/user_unlock.html",
    "glpi": "https://glama.ai/mcp/connectors/com.nextoolsolutions/glpi/tools/glpi_add_solution",
    "glpi_fu": "https://glama.ai/mcp/connectors/com.nextoolsolutions/glpi/tools/glpi_add_followup",
}

CORE_ERRORS = ["verification-missing", "verification-after-access", "logging-missing",
               "delivery-channel-unapproved", "exception-failed-verification-missing"]
OTHER_ERRORS = ["verification-knowledge-based", "verification-caller-supplied-contact",
                "verification-bypass", "secret-in-document"]
ALL_CLEAN = CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing"]


write = writer(HERE, SRC, "ho2-", "2026-11-30T14:%02d:00Z", browser="Edge 131", role="service desk analyst")


EXC = ("Failed / no answer / refused: no reset. Escalate ticket to IAM L2 queue, "
       "phone the L2 on-call, within 15 min.")

# ---------------------------------------------------------------- GLPI (ticket tool)
GLPI = "https://glpi.example.org/front/"


def glpi_open(r, num, assign=False):
    r.at("GLPI", GLPI + "ticket.php", "Tickets - GLPI")
    r.add("navigate", "intake", "opens", "link", "Tickets")
    r.add("click", "intake", "opens", "link", "Ticket " + num)
    r.at("GLPI", GLPI + "ticket.form.php", "Ticket - " + num + " - GLPI")
    if assign:
        r.add("select", "intake", "sets", "combobox", "Status", choice="Processing (assigned)")
        r.add("click", "intake", "commits", "button", "Save", label="assign")


def glpi_close(r, num):
    r.at("GLPI", GLPI + "ticket.form.php", "Ticket - " + num + " - GLPI")
    r.add("switch_tab", "other", "opens")
    r.add("click", "other", "opens", "button", "Answer")
    r.add("input", "other", "sets", "textbox", "Description", field_kind="text", gap=35000)
    r.add("check", "other", "sets", "checkbox", "Private")
    r.add("click", "log", "commits", "button", "Add", label="log")
    r.add("select", "other", "sets", "combobox", "Status", choice="Solved")
    r.add("click", "log", "commits", "button", "Save", label="solved")


# ---------------------------------------------------------------- Zammad (ticket tool)
ZAM = "https://helpdesk.example.org/#ticket/zoom/"


def zammad_open(r, num):
    r.at("Zammad", "https://helpdesk.example.org/#ticket/view/my_assigned", "My Assigned Tickets - Zammad")
    r.add("navigate", "intake", "opens", "link", "My Assigned Tickets")
    r.add("click", "intake", "opens", "link", "#" + num)
    r.at("Zammad", ZAM + num, "#" + num + " - Zammad")


def zammad_close(r, num, state="closed", switch=True):
    r.at("Zammad", ZAM + num, "#" + num + " - Zammad")
    if switch:
        r.add("switch_tab", "other", "opens")
    r.add("check", "other", "sets", "checkbox", "Internal")
    r.add("input", "other", "sets", "textbox", "Text", field_kind="text", gap=30000)
    r.add("select", "other", "sets", "combobox", "State", choice=state)
    r.add("click", "log", "commits", "button", "Update", label="log")


# ---------------------------------------------------------------- Microsoft 365 admin center
M365 = "https://admin.microsoft.com/#/users"


def m365_find(r):
    r.at("Microsoft 365 admin center", "https://admin.microsoft.com/", "Home - Microsoft 365 admin center")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("click", "intake", "opens", "link", "Active users")
    r.at("Microsoft 365 admin center", M365, "Active users - Microsoft 365 admin center")
    r.add("input", "intake", "sets", "searchbox", "Search active users list", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Microsoft 365 admin center", M365, "[record] - Microsoft 365 admin center")


def m365_reset_classic(r):
    """The older Reset password page: Auto-generate password, Reset, then Send password in email."""
    r.add("click", "other", "opens", "button", "Reset password", label="menu")
    r.add("select", "other", "sets", "radio", "Password", choice="Auto-generate password")
    r.add("uncheck", "other", "sets", "checkbox", "Make this user change their password when they first sign in", label="noforce")
    r.add("click", "access", "commits", "button", "Reset", label="access")


def m365_reset(r, force=True):
    r.add("click", "other", "opens", "button", "Reset password", label="menu")
    r.add("select", "other", "sets", "radio", "Password", choice="Automatically create a password")
    if force:
        r.add("check", "other", "sets", "checkbox", "Require this user to change their password when they first sign in")
    else:
        r.add("uncheck", "other", "sets", "checkbox", "Require this user to change their password when they first sign in", label="noforce")
    r.add("click", "access", "commits", "button", "Reset password", label="access")


r = Rec()
glpi_open(r, "0004812")
m365_find(r)
r.add("click", "other", "opens", "button", "Reset password", label="early")
r.add("click", "other", "opens", "button", "Cancel")
r.add("click", "other", "opens", "tab", "Account")
r.add("note", "verify", "commits", text="Call-back to mobile no. on file (HR record) — OK, user confirmed the req.", label="verify", gap=95000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC, label="exc")
m365_reset(r)
r.add("click", "other", "opens", "button", "Close")
r.add("note", "deliver", "commits", text="Temp pw texted to mobile on file. Change at first sign-in is on.", label="deliver")
r.add("note", "confirm", "commits", text="User in, new pwd set.", label="confirm", gap=160000)
glpi_close(r, "0004812")
write("m365-callback-correct", "M365 admin center reset after call-back, change forced", "ho2-m365-callback-correct", r,
      "Microsoft 365 admin center (ticket in GLPI)", "correct",
      ["m365_a", "m365_b", "m365_c", "glpi", "glpi_fu"], [],
      ALL_CLEAN + ["credential-change-not-forced"])

r = Rec()
glpi_open(r, "0004830")
m365_find(r)
r.add("note", "verify", "commits", text="OTP sent to registered mobile; read back by caller, matches.", label="verify", gap=80000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC)
m365_reset_classic(r)
r.add("check", "other", "sets", "checkbox", "Send password in email")
r.add("input", "other", "sets", "textbox", "Email the new password to the following recipients", field_kind="email")
r.add("click", "deliver", "commits", "button", "Send email and close", label="deliver")
r.add("note", "confirm", "commits", text="Signed in OK per user.", gap=200000)
glpi_close(r, "0004830")
write("m365-emailed-no-force-faulty", "M365 reset: password e-mailed, no change at first sign-in", "ho2-m365-emailed-no-force", r,
      "Microsoft 365 admin center (ticket in GLPI)",
      "faulty: the generated password is e-mailed by the console and no change is required at first sign-in",
      ["m365_a", "m365_d", "glpi"],
      [("delivery-channel-unapproved", "deliver", "the password itself goes out by e-mail"),
       ("credential-change-not-forced", "access", "'Make this user change their password when they first sign in' was cleared before the reset")],
      ["verification-missing", "verification-after-access", "logging-missing", "verification-knowledge-based",
       "exception-failed-verification-missing"])

r = Rec()
glpi_open(r, "0004851", assign=True)
m365_find(r)
m365_reset(r)
r.add("click", "other", "sets", "button", "Copy password")
r.add("click", "other", "opens", "button", "Close")
r.add("note", "deliver", "commits", text="Temp password was sent via SMS to the mobile of record.", label="deliver")
r.add("note", "verify", "commits", text="Callback to number of record done after the reset — it was him.", label="verify", gap=110000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC)
r.add("note", "confirm", "commits", text="User logged on, changed pwd.", gap=120000)
glpi_close(r, "0004851")
write("m365-reset-before-verify-faulty", "M365 reset done before the call-back", "ho2-m365-reset-before-verify", r,
      "Microsoft 365 admin center (ticket in GLPI)",
      "faulty: reset before verification — the call-back comes after the password was reset and sent",
      ["m365_b", "m365_c", "glpi"],
      [("verification-after-access", "access", "the only verification follows the reset")],
      ["logging-missing", "delivery-channel-unapproved", "credential-change-not-forced", "verification-knowledge-based"])

# ---------------------------------------------------------------- OneLogin admin
OL = "https://example.onelogin.com/users"


def onelogin_find(r):
    r.at("OneLogin", "https://example.onelogin.com/portal", "OneLogin")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Administration")
    r.at("OneLogin", OL, "Users - OneLogin")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("input", "intake", "sets", "searchbox", "Search", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("OneLogin", OL + "/[record]/edit", "[record] - OneLogin")


def onelogin_reset(r, force=True):
    r.add("click", "other", "opens", "button", "More Actions")
    r.add("click", "other", "opens", "menuitem", "Change Password", label="menu")
    r.add("input", "other", "sets", "textbox", "New password", field_kind="password")
    if force:
        r.add("check", "other", "sets", "checkbox", "Force user to update")
    r.add("click", "access", "commits", "button", "Update", label="access")


r = Rec()
zammad_open(r, "31874")
r.add("note", "intake", "sets", text="Phoned in: locked out of OneLogin since this morning, new laptop.")
onelogin_find(r)
r.add("click", "other", "opens", "button", "More Actions")
r.add("click", "other", "opens", "tab", "Authentication")
r.add("note", "verify", "commits", text="Called back on phone no. from HR system — answered, confirmed req. OTP to registered mobile read back OK.", label="verify", gap=120000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC, label="exc")
r.add("click", "other", "opens", "tab", "User Info")
onelogin_reset(r)
r.add("note", "deliver", "commits", text="Temp pw sent by SMS to mobile on file.", label="deliver")
r.add("note", "confirm", "commits", text="Caller logged in, prompted for new pwd — done.", label="confirm", gap=150000)
zammad_close(r, "31874")
write("onelogin-callback-correct", "OneLogin password change after call-back and code, forced update", "ho2-onelogin-callback-correct", r,
      "OneLogin admin (ticket in Zammad)", "correct",
      ["onelogin"], [],
      ALL_CLEAN + ["credential-change-not-forced"])

r = Rec()
zammad_open(r, "31902")
onelogin_find(r)
r.add("note", "verify", "commits", text="ID'd by DOB + employee ID; manager name matches HR.", label="verify", gap=70000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC)
onelogin_reset(r)
r.add("note", "deliver", "commits", text="Temp pw sent by SMS to mobile on file.", label="deliver")
r.add("note", "confirm", "commits", text="User signed in.", gap=140000)
zammad_close(r, "31902")
write("onelogin-kba-faulty", "OneLogin change after date of birth, employee ID and manager name", "ho2-onelogin-kba", r,
      "OneLogin admin (ticket in Zammad)",
      "faulty: knowledge-based check only (date of birth, employee ID, manager name)",
      ["onelogin"],
      [("verification-knowledge-based", "verify", "date of birth, employee ID and a manager's name are facts others can find")],
      ["verification-missing", "verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "credential-change-not-forced", "exception-failed-verification-missing"])

r = Rec()
zammad_open(r, "31955")
onelogin_find(r)
r.add("note", "verify", "commits", text="Call-back to number on file — OK.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC)
onelogin_reset(r)
r.at("Zammad", ZAM + "31955", "#31955 - Zammad")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "button", "reply")
r.add("input", "other", "sets", "textbox", "Text", field_kind="text", label="typed", gap=25000)
r.add("click", "deliver", "commits", "button", "Update", label="deliver")
r.add("note", "other", "sets", text="New pwd is in the reply above.")
zammad_close(r, "31955", switch=False)
write("onelogin-pwd-in-reply-faulty", "OneLogin change, new password typed into the e-mail reply on the ticket", "ho2-onelogin-pwd-in-reply", r,
      "OneLogin admin (ticket in Zammad)",
      "faulty: the new password is written into a public e-mail reply, so it is e-mailed and kept in the ticket",
      ["onelogin"],
      [("delivery-channel-unapproved", "deliver", "the secret is e-mailed in a ticket reply"),
       ("secret-in-document", "typed", "the secret is written into the ticket's reply and stays in its history"),
       ("confirmation-missing", None, "no check that the user can sign in")],
      ["verification-missing", "verification-after-access", "logging-missing", "verification-knowledge-based"])

# ---------------------------------------------------------------- Auth0 Dashboard
A0 = "https://manage.auth0.com/dashboard/eu/example-prod/users"


def auth0_find(r):
    r.at("Auth0 Dashboard", "https://manage.auth0.com/dashboard/eu/example-prod/", "Auth0 Dashboard")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "button", "User Management")
    r.add("click", "intake", "opens", "link", "Users")
    r.at("Auth0 Dashboard", A0, "Users - Auth0 Dashboard")
    r.add("input", "intake", "sets", "searchbox", "Search for users", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Auth0 Dashboard", A0 + "/[record]", "[record] - Auth0 Dashboard")


def auth0_reset_mfa(r):
    r.add("click", "other", "opens", "button", "Reset MFA", label="menu")
    r.add("click", "access", "commits", "button", "Yes, Reset It", label="access")


r = Rec()
glpi_open(r, "0005107", assign=True)
auth0_find(r)
r.add("click", "other", "opens", "button", "Actions")
r.add("click", "other", "opens", "tab", "Details")
r.add("note", "verify", "commits", text="Call-back to desk no. in corp directory — OK; user confirms phone lost.", label="verify", gap=100000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC, label="exc")
auth0_reset_mfa(r)
r.add("note", "confirm", "commits", text="User re-enrolled on new phone, login OK.", label="confirm", gap=240000)
glpi_close(r, "0005107")
write("auth0-mfa-callback-correct", "Auth0 MFA reset after call-back to the directory number", "ho2-auth0-mfa-callback-correct", r,
      "Auth0 Dashboard (ticket in GLPI)", "correct",
      ["auth0_mfa", "auth0_users", "glpi"], [],
      ALL_CLEAN)

r = Rec()
glpi_open(r, "0005121")
auth0_find(r)
r.add("note", "intake", "sets", text="Caller says new phone, can't get MFA prompts.")
auth0_reset_mfa(r)
r.add("note", "confirm", "commits", text="Re-enrolled, in.", gap=180000)
glpi_close(r, "0005121")
write("auth0-mfa-no-verify-faulty", "Auth0 MFA reset on the caller's word", "ho2-auth0-mfa-no-verify", r,
      "Auth0 Dashboard (ticket in GLPI)",
      "faulty: MFA factors removed with no verification at all",
      ["auth0_mfa", "auth0_users", "glpi"],
      [("verification-missing", "access", "the MFA reset has no verification before it")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved", "confirmation-missing"])

r = Rec()
glpi_open(r, "0005139")
r.add("note", "intake", "sets", text="Caller lost phone; gave new mobile no. for the code.")
auth0_find(r)
r.add("note", "verify", "commits", text="OTP texted to the new no. given on the call, read back — match.", label="verify", gap=75000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC)
auth0_reset_mfa(r)
r.add("note", "confirm", "commits", text="User enrolled new device and signed in.", gap=200000)
glpi_close(r, "0005139")
write("auth0-mfa-caller-number-faulty", "Auth0 MFA reset after a code sent to a number the caller gave", "ho2-auth0-mfa-caller-number", r,
      "Auth0 Dashboard (ticket in GLPI)",
      "faulty: the one-time code goes to a phone number supplied by the caller during the call",
      ["auth0_mfa", "glpi"],
      [("verification-caller-supplied-contact", "verify", "the code is sent to a number taken from the call, not one of record")],
      ["verification-missing", "verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "confirmation-missing"])

r = Rec()
glpi_open(r, "0005160")
auth0_find(r)
r.add("note", "verify", "commits", text="Verified: code to registered e-mail, read back OK.", label="verify", gap=80000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC)
r.add("click", "other", "opens", "button", "Actions")
r.add("click", "other", "opens", "menuitem", "Change Password", label="menu")
r.add("input", "other", "sets", "textbox", "Password", field_kind="password")
r.add("click", "access", "commits", "button", "Save", label="access")
r.at("Microsoft Teams", "https://teams.microsoft.com/", "Chat | Microsoft Teams")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "link", "[record]")
r.add("note", "deliver", "commits", text="New pw given to user in Teams chat.", label="deliver")
r.add("note", "confirm", "commits", text="User confirms login works.", gap=150000)
glpi_close(r, "0005160")
write("auth0-password-in-chat-faulty", "Auth0 password set by the agent and sent in a Teams chat", "ho2-auth0-password-in-chat", r,
      "Auth0 Dashboard (ticket in GLPI, chat in Microsoft Teams)",
      "faulty: the agent sets a lasting password (no forced change) and sends it in a chat",
      ["auth0_users", "auth0_da", "glpi"],
      [("delivery-channel-unapproved", "deliver", "the secret is sent by chat"),
       ("credential-change-not-forced", "access", "the password typed in by the agent is not temporary and no change is required at sign-in")],
      ["verification-missing", "verification-after-access", "logging-missing", "verification-knowledge-based",
       "exception-failed-verification-missing", "confirmation-missing"])

# ---------------------------------------------------------------- FreeIPA web UI
IPA = "https://ipa.example.org/ipa/ui/"


def ipa_find(r):
    r.at("Identity Management", IPA, "Identity Management")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Identity")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("input", "intake", "sets", "searchbox", "Search", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Identity Management", IPA, "[record] - Identity Management")


def ipa_unlock(r):
    r.add("click", "other", "opens", "button", "Actions")
    r.add("click", "other", "opens", "menuitem", "Unlock")
    r.add("click", "access", "commits", "button", "OK", label="unlock")


def ipa_reset(r):
    r.add("click", "other", "opens", "button", "Actions")
    r.add("click", "other", "opens", "menuitem", "Reset password", label="menu")
    r.add("input", "other", "sets", "textbox", "New Password", field_kind="password")
    r.add("input", "other", "sets", "textbox", "Verify Password", field_kind="password")
    r.add("click", "access", "commits", "button", "Reset Password", label="access")


r = Rec()
zammad_open(r, "32010")
ipa_find(r)
r.add("click", "other", "opens", "button", "Actions")
r.add("click", "other", "opens", "menuitem", "Reset password", label="early")
r.add("click", "other", "opens", "button", "Cancel")
r.add("note", "verify", "commits", text="One-time code e-mailed to addr of record, read back by caller — matches.", label="verify", gap=100000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC, label="exc")
ipa_unlock(r)
ipa_reset(r)
r.add("note", "deliver", "commits", text="Temp pw sent via SMS to mobile on file; IdM expires it at first login.", label="deliver")
r.add("note", "confirm", "commits", text="Login OK, pwd changed at prompt.", label="confirm", gap=180000)
zammad_close(r, "32010")
write("freeipa-email-code-correct", "FreeIPA unlock and reset after an e-mailed code", "ho2-freeipa-email-code-correct", r,
      "FreeIPA / IdM web UI (ticket in Zammad)", "correct",
      ["ipa_rhel9", "ipa_rhel6", "ipa_unlock"], [],
      ALL_CLEAN + ["credential-change-not-forced"])

r = Rec()
zammad_open(r, "32044")
ipa_find(r)
r.add("note", "verify", "commits", text="Call-back to mobile on file: no answer x2.", label="verify", gap=150000)
r.add("note", "other", "sets", text="Caller is VP Sales, customer demo in 20 min; his EA vouched on Teams — proceeding.", label="bypass")
ipa_reset(r)
r.add("note", "deliver", "commits", text="Temp pwd read out to caller on the line.", label="deliver")
zammad_close(r, "32044")
write("freeipa-no-answer-bypass-faulty", "FreeIPA reset after an unanswered call-back, on seniority and urgency", "ho2-freeipa-no-answer-bypass", r,
      "FreeIPA / IdM web UI (ticket in Zammad)",
      "faulty: call-back not answered, reset anyway for a senior caller vouched for by an assistant; password read aloud",
      ["ipa_rhel9", "ipa_rhel6"],
      [("verification-bypass", "bypass", "seniority, urgency and an assistant vouching replace a call-back that failed"),
       ("exception-failed-verification-missing", None, "the unanswered call-back is not routed to escalation"),
       ("delivery-channel-unapproved", "deliver", "the secret is read aloud to a caller who was never verified"),
       ("confirmation-missing", None, "no check that the user can sign in")],
      ["verification-after-access", "logging-missing"])

r = Rec()
zammad_open(r, "32071")
ipa_find(r)
r.add("note", "verify", "commits", text="Callback to number of record — OK, req. confirmed.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC)
ipa_unlock(r)
r.add("note", "confirm", "commits", text="User can log in again.", gap=60000)
r.add("close_tab", "other", "opens")
write("freeipa-unlock-no-log-faulty", "FreeIPA unlock after call-back, ticket left untouched", "ho2-freeipa-unlock-no-log", r,
      "FreeIPA / IdM web UI (ticket in Zammad)",
      "faulty: no logging — the ticket gets no note and no state change after the unlock",
      ["ipa_rhel9", "ipa_unlock"],
      [("logging-missing", "unlock", "nothing after the unlock records it on the ticket or elsewhere")],
      ["verification-missing", "verification-after-access", "exception-failed-verification-missing",
       "verification-knowledge-based", "verification-bypass", "verification-caller-supplied-contact",
       "confirmation-missing"])

print("ok")
