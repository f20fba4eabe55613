#!/usr/bin/env python3
"""Writes the fifth held-out set of evaluation recordings and their sidecars.

Every step list below was written by hand from the public pages named in
SRC, together with its expected findings and step kinds, before any Stepwise
output existed for it. The Rec / writer helpers are the ones the other sets
share (../evalrec.py).
Run: python3 build_heldout5.py (writes NAME.json and NAME.expect.json here).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


# ------------------------------------------------------------------ helpers
# The Rec and writer helpers every set shares.
sys.path.insert(0, os.path.dirname(HERE))
from evalrec import Rec, writer  # noqa: E402

SRC = {
    "mm": "https://docs.mattermost.com/configure/user-management-configuration-settings.html",
    "rc_users": "https://docs.rocket.chat/use-rocket.chat/workspace-administration/users",
    "rc_manage": "https://docs.rocket.chat/users",
    "rc_totp": "https://developer.rocket.chat/apidocs/reset-users-totp.md",
    "rc_pwchange": "https://developer.rocket.chat/reference/api/realtime-api/method-calls/users/user-presence-1",
    "atl_managed": "https://support.atlassian.com/user-management/docs/make-changes-to-a-managed-user-account",
    "atl_groups": "https://support.atlassian.com/focus/docs/add-people-to-groups/",
    "atl_lesson": "https://community.atlassian.com/learning/path/administer-atlassian-organizations/course/maintain-users-and-their-access-in-an-organization/lesson/maintain-user-accounts-for-an-organization",
    "dw": "https://dokuwiki.org/plugin:usermanager",
    "topdesk": "https://pipedream.com/apps/topdesk/actions/update-incident.md",
    "helpscout": "https://docs.helpscout.com/article/11-understand-conversation-icons-and-colors",
}

CORE_ERRORS = ["verification-missing", "verification-after-access", "logging-missing",
               "delivery-channel-unapproved", "exception-failed-verification-missing"]
OTHER_ERRORS = ["verification-knowledge-based", "verification-caller-supplied-contact",
                "verification-bypass", "secret-in-document"]

write = writer(HERE, SRC, "ho5-", "2026-11-28T14:%02d:00Z", browser="Firefox 133",
               timezone="Europe/Amsterdam", role="service desk analyst")

EXC_TD = ("Code not returned, wrong, or the call goes unanswered: change nothing, move the incident "
          "to the Identity team operator group and phone that team within 60 minutes.")
EXC_HS = ("No match, no answer or a refusal means no change: move the conversation to the Security "
          "mailbox and assign it to the on-call lead within 30 minutes.")

# ------------------------------------------------------------------ TOPdesk (ticket tool)
TD = "https://example.topdesk.net/tas/secure/"


def td_open(r, num):
    r.at("TOPdesk", TD + "incidents", "Incident Management - TOPdesk")
    r.add("navigate", "intake", "opens", "link", "Incident Management")
    r.add("click", "intake", "opens", "link", "My open incidents")
    r.add("click", "intake", "opens", "link", num)
    r.at("TOPdesk", TD + "incident", num + " - TOPdesk")


def td_log(r, num, status="Closed", switch=True):
    r.at("TOPdesk", TD + "incident", num + " - TOPdesk")
    if switch:
        r.add("switch_tab", "other", "opens")
    r.add("input", "other", "sets", "textbox", "Action", field_kind="text", gap=30000)
    r.add("check", "other", "sets", "checkbox", "Invisible for caller")
    if status:
        r.add("select", "other", "sets", "combobox", "Status", choice=status)
    r.add("click", "log", "commits", "button", "Save", label="log")


# ------------------------------------------------------------------ Help Scout (ticket tool)
HS = "https://secure.helpscout.net/"


def hs_open(r, conv):
    r.at("Help Scout", HS + "mailbox", "Mine - Help Scout")
    r.add("navigate", "intake", "opens", "link", "Mine")
    r.add("click", "intake", "opens", "link", conv)
    r.at("Help Scout", HS + "conversation", conv + " - Help Scout")


def hs_reply(r, kind="notify", label="ack"):
    r.add("click", "other", "opens", "button", "Reply")
    r.add("input", "other", "sets", "textbox", "Reply", field_kind="text", gap=20000)
    r.add("click", kind, "commits", "button", "Send", label=label)


def hs_note(r, conv, status="Closed", switch=True):
    r.at("Help Scout", HS + "conversation", conv + " - Help Scout")
    if switch:
        r.add("switch_tab", "other", "opens")
    r.add("click", "other", "opens", "button", "Note")
    r.add("input", "other", "sets", "textbox", "Note", field_kind="text", gap=25000)
    if status:
        r.add("select", "other", "sets", "combobox", "Status", choice=status)
    r.add("click", "log", "commits", "button", "Add note", label="log")


# ------------------------------------------------------------------ Mattermost System Console
MM = "https://chat.example.com/admin_console/user_management/users"


def mm_list(r, new_tab=True):
    r.at("Mattermost", "https://chat.example.com/admin_console", "System Console - Mattermost")
    if new_tab:
        r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Users")
    r.at("Mattermost", MM, "Users - System Console - Mattermost")
    r.add("input", "intake", "sets", "searchbox", "Search users", field_kind="search")


def mm_user(r):
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Mattermost", MM + "/user", "User Configuration - System Console - Mattermost")


# ------------------------------------------------------------------ Rocket.Chat administration
RC = "https://chat.example.org/admin/users"


def rc_find(r):
    r.at("Rocket.Chat", "https://chat.example.org/home", "Home - Rocket.Chat")
    r.add("open_tab", "other", "opens")
    r.add("click", "other", "opens", "button", "Administration")
    r.add("click", "other", "opens", "menuitem", "Workspace")
    r.at("Rocket.Chat", RC, "Users - Administration - Rocket.Chat")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("input", "intake", "sets", "searchbox", "Search Users", field_kind="search")
    r.add("click", "intake", "opens", "row", "[record]")


def rc_reset_totp(r, label="access"):
    r.add("click", "other", "opens", "button", "More")
    r.add("click", "other", "opens", "menuitem", "Reset TOTP")
    r.add("click", "access", "commits", "button", "Yes", label=label)


# ------------------------------------------------------------------ Atlassian Administration
ATL = "https://admin.atlassian.com/o/[record]/"


def atl_find(r):
    r.at("Atlassian Administration", "https://admin.atlassian.com/", "Atlassian Administration")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Directory")
    r.add("click", "intake", "opens", "link", "Managed accounts")
    r.at("Atlassian Administration", ATL + "managed-accounts", "Managed accounts - Atlassian Administration")
    r.add("input", "intake", "sets", "searchbox", "Search", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Atlassian Administration", ATL + "managed-accounts/profile", "[record] - Atlassian Administration")


def atl_reset(r):
    r.add("click", "other", "opens", "button", "More actions")
    r.add("click", "other", "opens", "menuitem", "Reset password")
    r.add("click", "access", "commits", "button", "Reset password", label="access")


# ------------------------------------------------------------------ DokuWiki User Manager
DW = "https://wiki.example.com/doku.php"


def dw_find(r):
    r.at("DokuWiki", DW, "start [Team Wiki]")
    r.add("open_tab", "other", "opens")
    r.add("click", "other", "opens", "link", "Admin")
    r.at("DokuWiki", DW, "Administration [Team Wiki]")
    r.add("click", "intake", "opens", "link", "User Manager")
    r.at("DokuWiki", DW, "User Manager [Team Wiki]")
    r.add("input", "intake", "sets", "searchbox", "User", field_kind="search")
    r.add("click", "intake", "opens", "button", "Search")
    r.add("click", "intake", "opens", "link", "[record]")


# ================================================================== Mattermost (ticket in TOPdesk)
MM_SRC = ["mm", "topdesk"]

r = Rec()
td_open(r, "I 2411 204")
r.add("note", "intake", "sets", text="Finance Operations lead wants the new starter added to the Finance Operations team in chat; the starter rang to chase it.")
mm_list(r)
mm_user(r)
r.add("click", "other", "opens", "button", "Add Team")
r.add("click", "other", "opens", "button", "Cancel")
r.add("note", "verify", "commits", text="Rang the starter back on the desk extension listed in the staff directory; they confirmed the request is theirs.", label="verify", gap=60000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TD)
r.at("TOPdesk", TD + "incident", "I 2411 204 - TOPdesk")
r.add("switch_tab", "other", "opens")
r.add("note", "approve", "commits", text="Team lead's approval is on the incident as the signed request form, dated the day before.", label="approve")
r.at("Mattermost", MM + "/user", "User Configuration - System Console - Mattermost")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "button", "Add Team")
r.add("click", "other", "sets", "option", "Finance Operations")
r.add("click", "access", "commits", "button", "Add", label="access")
r.add("note", "confirm", "commits", text="Starter signed in again and can see the Finance Operations channels.", gap=90000)
td_log(r, "I 2411 204")
write("mm-team-grant-approved-correct", "Mattermost team membership after call-back and approval",
      "ho5-mm-team-grant-approved", r,
      "Mattermost System Console (ticket in TOPdesk)", "correct", MM_SRC, [],
      CORE_ERRORS + OTHER_ERRORS + ["grant-without-approval", "verification-vague", "confirmation-missing"])

r = Rec()
td_open(r, "I 2411 219")
r.add("note", "intake", "sets", text="Caller suspects someone else has been using their chat login and wants the password changed.")
mm_list(r)
mm_user(r)
r.add("click", "other", "opens", "button", "Reset Password")
r.add("click", "other", "opens", "button", "Cancel")
r.add("mark", "verify", "commits", mark="verification", text="Code texted to the mobile held in HR for this person; read back correctly on the call.", label="verify", gap=45000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TD)
r.add("click", "other", "opens", "button", "Reset Password")
r.add("input", "other", "sets", "textbox", "New password", field_kind="password")
r.add("click", "access", "commits", "button", "Reset", label="access")
r.at("Mattermost", MM, "Users - System Console - Mattermost")
r.add("click", "other", "opens", "link", "Users")
r.add("input", "intake", "sets", "searchbox", "Search users", field_kind="search")
r.add("click", "other", "opens", "button", "Actions")
r.add("click", "other", "opens", "menuitem", "Remove sessions")
r.add("click", "access", "commits", "button", "Revoke", label="revoke")
r.at("Mattermost", "https://chat.example.com/it-desk/messages/[record]", "[record] - IT Desk - Mattermost")
r.add("switch_tab", "other", "opens")
r.add("paste", "other", "sets", "textbox", "Write to [record]")
r.add("click", "deliver", "commits", "button", "Send", label="deliver")
r.add("note", "confirm", "commits", text="User got in with it and says chat works again.", gap=120000)
td_log(r, "I 2411 219")
write("mm-reset-dm-not-forced-faulty", "Mattermost reset with a typed password sent by direct message",
      "ho5-mm-reset-dm-not-forced", r,
      "Mattermost System Console (ticket in TOPdesk, direct message in Mattermost)",
      "faulty: the agent types a lasting password (the console has no change-at-next-sign-in) and sends it in a chat direct message",
      MM_SRC,
      [("credential-change-not-forced", "access", "the password the agent typed stays valid: nothing makes it single-use or forces a change at sign-in"),
       ("delivery-channel-unapproved", "deliver", "the password is pasted into a chat direct message")],
      ["verification-missing", "verification-after-access", "logging-missing", "exception-failed-verification-missing",
       "verification-knowledge-based", "verification-caller-supplied-contact", "verification-bypass",
       "confirmation-missing", "session-revocation-missing"])

r = Rec()
td_open(r, "I 2411 231")
r.add("note", "intake", "sets", text="Developer wants System admin in chat to wire up a bot integration before a demo this afternoon.")
mm_list(r)
r.add("note", "verify", "commits", text="Called the developer back on the mobile listed in the staff directory; it was them.", label="verify", gap=50000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TD)
r.add("click", "other", "opens", "button", "Actions")
r.add("click", "other", "opens", "menuitem", "Manage roles")
r.add("select", "other", "sets", "radio", "Role", choice="System admin")
r.add("click", "access", "commits", "button", "Save", label="grant")
r.add("note", "confirm", "commits", text="Developer says the System Console now opens for them.", gap=60000)
td_log(r, "I 2411 231")
write("mm-admin-role-no-approval-faulty", "Mattermost System admin role given on request, no approval",
      "ho5-mm-admin-role-no-approval", r,
      "Mattermost System Console (ticket in TOPdesk)",
      "faulty: the System admin role is granted on the requester's word, with no approval asked for or recorded",
      MM_SRC,
      [("grant-without-approval", "grant", "a privileged role is granted with no approval before it; the incident only holds the request")],
      ["verification-missing", "verification-after-access", "logging-missing", "exception-failed-verification-missing",
       "verification-knowledge-based", "verification-caller-supplied-contact", "delivery-channel-unapproved",
       "credential-change-not-forced", "secret-in-document", "confirmation-missing"])

r = Rec()
r.at("Mattermost", "https://chat.example.com/it-desk/channels/help", "help - IT Desk - Mattermost")
r.add("navigate", "intake", "opens", "link", "help")
r.add("note", "intake", "sets", text="Team lead asked in the help channel for their contractor to join the Logistics team and quoted the access form reference.")
r.add("note", "approve", "commits", text="Looked the form up in the access-forms register: signed off by the Logistics manager.", label="approve", gap=40000)
r.add("note", "verify", "commits", text="Contractor called back on the mobile in the contractor record and confirmed the request.", label="verify", gap=60000)
r.add("mark", "escalate", "sets", mark="exception", text="If the call-back fails or the contractor denies asking: make no change and phone the Identity team lead within the hour.")
mm_list(r)
mm_user(r)
r.add("click", "other", "opens", "button", "Add Team")
r.add("click", "other", "sets", "option", "Logistics")
r.add("click", "access", "commits", "button", "Add", label="access")
r.add("note", "confirm", "commits", text="Contractor sees the Logistics channels now.", gap=60000)
r.add("close_tab", "other", "opens")
write("mm-team-grant-no-record-faulty", "Mattermost team membership from a chat request, nothing recorded",
      "ho5-mm-team-grant-no-record", r,
      "Mattermost System Console (request in a Mattermost channel, no ticket)",
      "faulty: no logging — the grant is done from a chat request and no ticket, note or record is made",
      MM_SRC,
      [("logging-missing", "access", "nothing after the grant records it in a ticket or log")],
      ["verification-missing", "verification-after-access", "grant-without-approval",
       "exception-failed-verification-missing", "verification-knowledge-based",
       "verification-caller-supplied-contact", "delivery-channel-unapproved", "confirmation-missing"])

# ================================================================== Rocket.Chat (ticket in Help Scout)
RC_SRC = ["rc_users", "rc_manage", "rc_totp", "helpscout"]

r = Rec()
hs_open(r, "#5120")
r.add("note", "intake", "sets", text="User changed phones at the weekend; the authenticator did not move across, so chat keeps asking for a code they cannot produce.")
hs_reply(r)
rc_find(r)
r.add("click", "other", "opens", "button", "Edit")
r.add("click", "other", "opens", "button", "Cancel")
r.add("note", "verify", "commits", text="Phoned back on the number in the user's HR record, not the one in their e-mail signature; they picked up and confirmed the request.", label="verify", gap=80000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_HS)
rc_reset_totp(r)
r.add("note", "confirm", "commits", text="User enrolled the new phone at first sign-in and reached their channels.", gap=150000)
hs_note(r, "#5120")
write("rc-totp-callback-correct", "Rocket.Chat TOTP reset after call-back to the HR number",
      "ho5-rc-totp-callback", r,
      "Rocket.Chat administration (ticket in Help Scout)", "correct", RC_SRC, [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing"])

r = Rec()
hs_open(r, "#5133")
r.add("note", "intake", "sets", text="Caller is out of chat and out of their work mailbox; asks for the new password to go to a personal address instead.")
rc_find(r)
r.add("mark", "verify", "commits", mark="verification", text="Six-digit code sent to the mobile in the HR record; caller read it back inside the time limit.", label="verify", gap=70000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_HS)
r.add("click", "other", "opens", "button", "Edit")
r.add("input", "other", "sets", "textbox", "Email", field_kind="email")
r.add("select", "other", "sets", "radio", "Password", choice="Set randomly and send by email")
r.add("check", "other", "sets", "checkbox", "Require password change")
r.add("click", "access", "commits", "button", "Save", label="access")
r.add("note", "deliver", "commits", text="The random password went by e-mail to the personal address the caller spelled out.", label="deliver")
r.add("note", "confirm", "commits", text="Caller says the mail arrived and they have set a password of their own.", gap=200000)
hs_note(r, "#5133", switch=True)
write("rc-password-to-caller-address-faulty", "Rocket.Chat random password e-mailed to an address the caller gave",
      "ho5-rc-password-to-caller-address", r,
      "Rocket.Chat administration (ticket in Help Scout)",
      "faulty: the account's e-mail is changed to a personal address the caller dictates and the console e-mails the password itself there",
      RC_SRC + ["rc_pwchange"],
      [("delivery-channel-unapproved", "deliver", "the password itself is e-mailed, to an address the caller supplied rather than the one of record")],
      ["verification-missing", "verification-after-access", "logging-missing", "credential-change-not-forced",
       "exception-failed-verification-missing", "verification-knowledge-based", "verification-bypass",
       "confirmation-missing"])

r = Rec()
hs_open(r, "#5147")
r.add("note", "intake", "sets", text="Web-form message: new handset, no codes, wants two-factor cleared today.")
rc_find(r)
rc_reset_totp(r)
r.at("Help Scout", HS + "conversation", "#5147 - Help Scout")
r.add("switch_tab", "other", "opens")
hs_reply(r, label="reply")
hs_note(r, "#5147", switch=False)
write("rc-totp-unverified-faulty", "Rocket.Chat TOTP cleared on a web-form request alone",
      "ho5-rc-totp-unverified", r,
      "Rocket.Chat administration (ticket in Help Scout)",
      "faulty: the second factor is removed with no identity check at all; no sign-in check afterwards",
      RC_SRC,
      [("verification-missing", "access", "the TOTP reset has no verification before it"),
       ("confirmation-missing", None, "nobody checks that the user could sign in afterwards")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "credential-change-not-forced", "secret-in-document"])

r = Rec()
hs_open(r, "#5160")
r.add("note", "intake", "sets", text="Office manager lost two-factor after a phone upgrade; asks for the same fix for a colleague who is in a client meeting.")
rc_find(r)
r.add("note", "verify", "commits", text="Called the office manager back on the number in the HR record; confirmed.", label="verify", gap=60000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_HS)
rc_reset_totp(r, label="access1")
r.add("note", "confirm", "commits", text="Office manager enrolled again and is back in.", gap=120000)
r.add("input", "intake", "sets", "searchbox", "Search Users", field_kind="search")
r.add("click", "intake", "opens", "row", "[record]")
r.add("note", "other", "sets", text="Colleague could not come to the phone; the office manager vouched for them, so no separate check.", label="vouch")
rc_reset_totp(r, label="access2")
hs_note(r, "#5160")
write("rc-two-users-vouched-faulty", "Rocket.Chat TOTP reset for two users, the second on a colleague's word",
      "ho5-rc-two-users-vouched", r,
      "Rocket.Chat administration (ticket in Help Scout)",
      "faulty: two users handled one after the other; the second one's factor is removed on a third party's vouching, with no check of that user",
      RC_SRC,
      [("verification-bypass", "vouch", "a colleague vouching replaces the second user's own verification")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "verification-knowledge-based", "verification-caller-supplied-contact", "credential-change-not-forced"])

# ================================================================== Atlassian Administration (ticket in TOPdesk)
ATL_SRC = ["atl_managed", "atl_lesson", "topdesk"]

r = Rec()
td_open(r, "I 2411 262")
r.add("note", "intake", "sets", text="Reset needed after the user's laptop swap; the same incident carries their manager's request to add them to the Procurement group.")
atl_find(r)
r.add("click", "other", "opens", "button", "More actions")
r.add("click", "other", "opens", "menuitem", "Reset password")
r.add("click", "other", "opens", "button", "Cancel")
r.add("note", "verify", "commits", text="Sent a one-time code by SMS to the mobile registered on the account; the user quoted it back correctly.", label="verify", gap=60000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TD)
atl_reset(r)
r.add("note", "deliver", "commits", text="Reset link went to the work e-mail address already on the account.")
r.at("TOPdesk", TD + "incident", "I 2411 262 - TOPdesk")
r.add("switch_tab", "other", "opens")
r.add("note", "approve", "commits", text="Procurement membership: the manager's signed approval is attached to the incident.", label="approve")
r.at("Atlassian Administration", ATL + "managed-accounts/profile", "[record] - Atlassian Administration")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "link", "Groups")
r.at("Atlassian Administration", ATL + "groups", "Groups - Atlassian Administration")
r.add("input", "other", "sets", "searchbox", "Search groups", field_kind="search")
r.add("click", "other", "opens", "button", "Show details")
r.add("click", "other", "opens", "button", "Add group members")
r.add("input", "intake", "sets", "combobox", "Add people", field_kind="search")
r.add("click", "intake", "sets", "option", "[record]")
r.add("click", "access", "commits", "button", "Add people", label="grant")
r.add("note", "confirm", "commits", text="User set a new password from the e-mail, signed in and can open the Procurement space.", gap=240000)
td_log(r, "I 2411 262")
write("atl-reset-link-group-approved-correct", "Atlassian reset e-mail to the address of record, then an approved group add",
      "ho5-atl-reset-link-group-approved", r,
      "Atlassian Administration (ticket in TOPdesk)", "correct", ATL_SRC + ["atl_groups"], [],
      CORE_ERRORS + OTHER_ERRORS + ["grant-without-approval", "verification-vague", "confirmation-missing",
                                    "credential-change-not-forced"])

r = Rec()
td_open(r, "I 2411 277")
r.add("note", "intake", "sets", text="Caller says the registered phone was stolen and offers a new mobile number to use instead.")
atl_find(r)
r.add("note", "verify", "commits", text="Texted a one-time code to the new number the caller gave; they read it back.", label="verify", gap=50000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TD)
atl_reset(r)
r.add("note", "deliver", "commits", text="Reset e-mail went to the work address on the account.")
r.add("note", "confirm", "commits", text="Caller confirms they are back in.", gap=200000)
td_log(r, "I 2411 277")
write("atl-caller-mobile-faulty", "Atlassian reset after a code to a number the caller supplied",
      "ho5-atl-caller-mobile", r,
      "Atlassian Administration (ticket in TOPdesk)",
      "faulty: the one-time code goes to a new mobile number the caller supplies during the call",
      ATL_SRC,
      [("verification-caller-supplied-contact", "verify", "the code proves only control of a number the caller chose")],
      ["verification-missing", "verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "credential-change-not-forced", "confirmation-missing"])

r = Rec()
td_open(r, "I 2411 290")
r.add("note", "intake", "sets", text="Caller introduces themselves as the regional sales director, presenting to a customer in twenty minutes and locked out of Confluence.")
atl_find(r)
r.add("note", "verify", "commits", text="Rang the mobile on the account twice: no answer, voicemail only.", label="verify", gap=90000)
r.add("note", "other", "sets", text="Went ahead anyway because of the customer meeting and who is asking.", label="bypass")
atl_reset(r)
r.add("note", "deliver", "commits", text="Reset link sent to the account's work e-mail.")
td_log(r, "I 2411 290", status="In progress")
write("atl-no-answer-urgent-faulty", "Atlassian reset after an unanswered call-back, on urgency and rank",
      "ho5-atl-no-answer-urgent", r,
      "Atlassian Administration (ticket in TOPdesk)",
      "faulty: the call-back is not answered and the reset goes ahead because of urgency and seniority; no failure path, no sign-in check",
      ATL_SRC,
      [("verification-bypass", "bypass", "urgency and the caller's rank replace a verification that did not succeed"),
       ("exception-failed-verification-missing", None, "nothing says what to do when the check fails"),
       ("confirmation-missing", None, "nobody checks that the user could sign in afterwards")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "credential-change-not-forced", "verification-knowledge-based", "verification-caller-supplied-contact"])

# ================================================================== DokuWiki (ticket in Help Scout)
DW_SRC = ["dw", "helpscout"]

r = Rec()
hs_open(r, "#5175")
r.add("note", "intake", "sets", text="New QA engineer needs edit rights on the test-plans namespace (group qa-editors); QA lead is copied in.")
hs_reply(r)
r.add("note", "verify", "commits", text="Called the QA engineer back on the desk phone listed in the directory; they confirmed it is their request.", label="verify", gap=70000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_HS)
r.add("note", "approve", "commits", text="QA lead approved qa-editors membership in a reply to this conversation from their own mailbox.", label="approve")
dw_find(r)
r.add("input", "other", "sets", "textbox", "Groups", field_kind="text")
r.add("click", "access", "commits", "button", "Update User", label="access")
r.add("note", "confirm", "commits", text="QA engineer can now edit pages under test-plans.", gap=90000)
hs_note(r, "#5175")
write("dw-group-grant-correct", "DokuWiki group membership after call-back and the lead's approval",
      "ho5-dw-group-grant", r,
      "DokuWiki User Manager (ticket in Help Scout)", "correct", DW_SRC, [],
      CORE_ERRORS + OTHER_ERRORS + ["grant-without-approval", "verification-vague", "confirmation-missing"])

r = Rec()
hs_open(r, "#5188")
r.add("note", "intake", "sets", text="Forgotten wiki login; the message came from the user's work address.")
dw_find(r)
r.add("note", "verify", "commits", text="Checked identity by asking for date of birth and staff number; both matched the HR sheet.", label="verify", gap=40000)
r.add("input", "other", "sets", "textbox", "Password", field_kind="password")
r.add("click", "access", "commits", "button", "Update User", label="access")
r.at("Help Scout", HS + "conversation", "#5188 - Help Scout")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "button", "Reply")
r.add("paste", "other", "sets", "textbox", "Reply", label="paste")
r.add("click", "deliver", "commits", "button", "Send", label="deliver")
hs_note(r, "#5188", switch=False)
write("dw-kba-password-in-reply-faulty", "DokuWiki password set after knowledge questions, pasted into the reply",
      "ho5-dw-kba-password-in-reply", r,
      "DokuWiki User Manager (ticket in Help Scout)",
      "faulty: knowledge-based check only; the agent's password stays valid and is pasted into an e-mailed reply, so it is kept in the conversation",
      DW_SRC,
      [("verification-knowledge-based", "verify", "date of birth and staff number are facts others can find"),
       ("credential-change-not-forced", "access", "the typed password is not temporary and no change is forced"),
       ("secret-in-document", "paste", "the password is pasted into the conversation, where it stays"),
       ("delivery-channel-unapproved", "deliver", "the reply e-mails the password"),
       ("exception-failed-verification-missing", None, "no path for a failed or refused check"),
       ("confirmation-missing", None, "nobody checks that the user could sign in afterwards")],
      ["verification-missing", "verification-after-access", "logging-missing"])

r = Rec()
hs_open(r, "#5203")
r.add("note", "intake", "sets", text="Wiki password lapsed while the user was on leave; they phoned in.")
dw_find(r)
r.add("input", "other", "sets", "textbox", "Password", field_kind="password")
r.add("click", "access", "commits", "button", "Update User", label="access")
r.add("note", "deliver", "commits", text="Read the new password out to the caller over the phone.", label="deliver")
r.add("note", "verify", "commits", text="Afterwards rang them back on the mobile in the HR records to be sure it was them; it was.", label="verify", gap=120000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_HS)
r.add("note", "confirm", "commits", text="User is signed in.", gap=60000)
hs_note(r, "#5203")
write("dw-reset-before-callback-faulty", "DokuWiki password set and read out before the call-back",
      "ho5-dw-reset-before-callback", r,
      "DokuWiki User Manager (ticket in Help Scout)",
      "faulty: reset before verification — the password is set and read aloud, the call-back comes after; no change forced",
      DW_SRC,
      [("verification-after-access", "access", "the only verification comes after the password was set and given out"),
       ("credential-change-not-forced", "access", "the typed password is not temporary and no change is forced"),
       ("delivery-channel-unapproved", "deliver", "the password is read aloud to a caller not yet verified")],
      ["verification-missing", "logging-missing", "exception-failed-verification-missing",
       "verification-knowledge-based", "verification-caller-supplied-contact", "confirmation-missing"])
