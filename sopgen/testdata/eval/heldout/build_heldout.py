#!/usr/bin/env python3
"""Writes the held-out evaluation recordings and their expectation sidecars.

A second, independent set beside ../recordings: other admin consoles, other
ticket tools, other wording. Every step list and every expectation below was
written by hand from the public vendor pages named in SRC, before any Stepwise
output existed for it. Run: python3 build_heldout.py
(writes NAME.json and NAME.expect.json next to this file).

The Rec / write helpers are those of every set (../evalrec.py).
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from evalrec import Rec, writer  # noqa: E402

SRC = {
    "kc_doc": "https://forge.libre.sh/libre.sh/keycloak-scim/src/commit/4338f44955fbb5b15e47d0e6a3ad82282b85f546/docs/documentation/server_admin/topics/users/proc-setting-password-user.adoc",
    "kc_elastiq": "https://elastiq.ai/discover/docs/getting-started/reset-password",
    "kc_datical": "https://dmcstage.datical.com/administer/create-password-keycloak.htm",
    "duo_users": "https://duo.com/docs/administration-users",
    "duo_devices": "https://duo.com/docs/administration-devices",
    "duo_bypass": "https://support.sou.edu/kb/articles/duo-admin-generate-bypass-code",
    "duo_bypass2": "https://seupb.freshdesk.com/support/solutions/articles/22000283517-setting-a-temporary-bypass-code-for-someone-on-duo",
    "jc_unlock": "https://support.jumpcloud.com/support/s/article/unlock-user-accounts-2019-08-21-10-36-47",
    "jc_admin_app": "https://staging.jumpcloud.com/?p=77340",
    "jc_mfa": "https://docs.workato.com/connectors/jumpcloud/reset-user-mfa-action.html",
    "aws": "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_admin-change-user.html",
    "aws_steps": "https://studyraft.com/how-to-update-password-of-user-in-aws-console/",
    "sf_fingertip": "https://learn.fingertip.org/hc/en-us/articles/360014358779-Resetting-Passwords-from-Setup",
    "sf_advologix": "https://help.advologix.com/a/1286295-how-can-the-administrator-reset-a-user-s-password",
    "sf_practifi": "https://success.practifi.com/hc/en-us/articles/360001543376-Resetting-Passwords-",
    "gl_reset": "https://docs.gitlab.com/17.6/ee/security/reset_user_password.html",
    "gl_unlock": "https://archives.docs.gitlab.com/16.4/ee/security/unlock_user.html",
    "gl_force": "https://gitlab.com/gitlab-org/gitlab-foss/-/merge_requests/4016",
    "fw_actions": "https://support.freshdesk.com/en/support/solutions/articles/231527",
    "fs_faq": "https://support.freshservice.com/support/solutions/folders/50000000032",
}

CORE_ERRORS = ["verification-missing", "verification-after-access", "logging-missing",
               "delivery-channel-unapproved", "exception-failed-verification-missing"]
OTHER_ERRORS = ["verification-knowledge-based", "verification-caller-supplied-contact",
                "verification-bypass", "secret-in-document"]


write = writer(HERE, SRC, "heldout-", "2026-12-01T10:%02d:00Z")


FAIL_PATH = ("On no match, no answer within 10 minutes, or a refusal: leave the account as it is "
             "and hand the ticket to the Identity & Access queue, by phone and ticket, within 15 minutes.")

# ---------------------------------------------------------------- Freshservice (ticket tool)
FS = "https://example.freshservice.com/a/tickets/"


def fs_open(r, n, subject="Locked out"):
    r.at("Freshservice", "https://example.freshservice.com/a/tickets/filters/my_open", "My Open Tickets : Freshservice")
    r.add("navigate", "intake", "opens", "link", "My Open Tickets")
    r.add("click", "intake", "opens", "link", "#INC-" + n)
    r.at("Freshservice", FS + n, "#INC-%s %s : Freshservice" % (n, subject))


def fs_back(r, n, subject="Locked out"):
    r.at("Freshservice", FS + n, "#INC-%s %s : Freshservice" % (n, subject))
    r.add("switch_tab", "other", "opens")


def fs_private_note(r, label="log"):
    r.add("click", "other", "opens", "button", "Add note")
    r.add("input", "other", "sets", "textbox", "Note", field_kind="text", gap=35000)
    r.add("click", "log", "commits", "button", "Add", label=label)


def fs_resolve(r, label="resolve"):
    r.add("select", "other", "sets", "combobox", "Status", choice="Resolved")
    r.add("click", "log", "commits", "button", "Update", label=label)


# ---------------------------------------------------------------- Keycloak
KC = "https://sso.example.org/admin/master/console/"


def kc_find(r):
    r.at("Keycloak", KC, "Keycloak Administration Console")
    r.add("open_tab", "other", "opens")
    r.add("click", "other", "opens", "button", "Realm", )
    r.add("click", "other", "opens", "menuitem", "corp")
    r.add("click", "intake", "opens", "link", "Users")
    r.at("Keycloak", KC + "corp/users", "Users - Keycloak Administration Console")
    r.add("input", "intake", "sets", "searchbox", "Search user", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Keycloak", KC + "corp/users/settings", "[record] - Keycloak Administration Console")


def kc_reset(r, temporary=True):
    r.at("Keycloak", KC + "corp/users/credentials", "[record] - Keycloak Administration Console")
    r.add("click", "other", "opens", "tab", "Credentials")
    r.add("click", "other", "opens", "button", "Reset password", label="menu")
    r.add("input", "other", "sets", "textbox", "Password", field_kind="password")
    r.add("input", "other", "sets", "textbox", "Password confirmation", field_kind="password")
    if not temporary:
        r.add("uncheck", "other", "sets", "switch", "Temporary", label="temp_off")
    r.add("click", "other", "opens", "button", "Save")
    r.add("click", "access", "commits", "button", "Reset password", label="access")


# keycloak-otp-correct
r = Rec()
fs_open(r, "2041")
r.add("note", "intake", "sets", text="Requester locked out of the SSO portal after the laptop swap; wants the password reset.")
kc_find(r)
r.add("click", "other", "opens", "tab", "Credentials", label="early")
r.add("click", "other", "opens", "button", "Reset password")
r.add("click", "other", "opens", "button", "Cancel")
r.add("note", "verify", "commits", text="OTP sent to the mobile number held in HR. Code read back by caller, matches.", label="verify", gap=75000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
kc_reset(r)
r.add("note", "deliver", "commits", text="Temp password texted to the same HR mobile number. Temporary left On, so Keycloak asks for a new one at first login.", label="deliver")
r.add("note", "confirm", "commits", text="Caller logged in and was made to set their own password straight away.", label="confirm", gap=150000)
fs_back(r, "2041")
fs_private_note(r)
fs_resolve(r)
write("keycloak-otp-correct", "Keycloak reset after an OTP to the HR mobile, temporary password by SMS",
      "heldout-keycloak-otp-correct", r,
      "Keycloak Admin Console (ticket in Freshservice)", "correct",
      ["kc_doc", "kc_elastiq", "fw_actions"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing", "credential-change-not-forced"])

# keycloak-temporary-off-reply-faulty
r = Rec()
fs_open(r, "2058", "Password expired")
kc_find(r)
r.add("note", "verify", "commits", text="Rang back on the desk extension in the staff directory; user picked up and confirmed they raised INC-2058.", label="verify", gap=80000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
kc_reset(r, temporary=False)
fs_back(r, "2058", "Password expired")
r.add("click", "other", "opens", "button", "Reply")
r.add("paste", "other", "sets", "textbox", "Reply", label="paste")
r.add("click", "deliver", "commits", "button", "Send", label="deliver")
fs_resolve(r)
write("keycloak-temporary-off-reply-faulty", "Keycloak reset with Temporary off, password sent in the ticket reply",
      "heldout-keycloak-temporary-off-reply", r,
      "Keycloak Admin Console (ticket in Freshservice)",
      "faulty: 'Temporary' switched off, and the password pasted into the requester reply (e-mailed and kept in the ticket)",
      ["kc_doc", "kc_datical", "fw_actions"],
      [("credential-change-not-forced", "access", "the Temporary switch was turned off before the reset, so the password is never forced to change"),
       ("delivery-channel-unapproved", "deliver", "a ticket reply is an e-mail to the requester with the password in it"),
       ("secret-in-document", "paste", "the password is pasted into the ticket conversation, where it stays"),
       ("confirmation-missing", None, "nobody checks that the user can sign in")],
      ["verification-missing", "verification-after-access", "logging-missing",
       "exception-failed-verification-missing", "verification-knowledge-based", "verification-bypass"])

# keycloak-read-aloud-faulty
r = Rec()
fs_open(r, "2063", "Cannot log in")
r.add("select", "intake", "sets", "combobox", "Status", choice="In Progress")
r.add("click", "intake", "commits", "button", "Update", label="wip")
kc_find(r)
r.add("note", "verify", "commits", text="A single-use code was e-mailed to the work address on the user's profile and read back to me correctly.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
kc_reset(r)
r.add("note", "deliver", "commits", text="New password was read out to the caller over the phone.", label="deliver")
r.add("note", "confirm", "commits", text="User signed in fine and changed it at the prompt.", label="confirm", gap=120000)
fs_back(r, "2063", "Cannot log in")
fs_private_note(r)
fs_resolve(r)
write("keycloak-read-aloud-faulty", "Keycloak reset after an e-mailed code, password read out on the phone",
      "heldout-keycloak-read-aloud", r,
      "Keycloak Admin Console (ticket in Freshservice)",
      "faulty: the temporary password is read aloud to the caller",
      ["kc_doc", "kc_elastiq", "fw_actions"],
      [("delivery-channel-unapproved", "deliver", "reading the secret aloud is not an approved delivery channel")],
      ["verification-missing", "verification-after-access", "logging-missing",
       "exception-failed-verification-missing", "verification-knowledge-based", "confirmation-missing",
       "secret-in-document", "credential-change-not-forced"])

# ---------------------------------------------------------------- Duo Admin Panel
DUO = "https://admin-1a2b3c4d.duosecurity.com/"


def duo_find(r):
    r.at("Duo Admin Panel", DUO + "users", "Users | Duo Admin Panel")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("input", "intake", "sets", "searchbox", "Search users", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Duo Admin Panel", DUO + "users/detail", "[record] | Duo Admin Panel")


def duo_bypass(r, hour=True):
    r.add("click", "other", "opens", "button", "Add Bypass Code", label="menu")
    r.add("click", "other", "opens", "link", "Change options")
    if hour:
        r.add("select", "other", "sets", "combobox", "Expires", choice="1 hour")
        r.add("select", "other", "sets", "combobox", "Allowed uses", choice="1")
    else:
        r.add("select", "other", "sets", "combobox", "Expires", choice="Never")
        r.add("select", "other", "sets", "combobox", "Allowed uses", choice="Unlimited", label="unlimited")
    r.add("click", "access", "commits", "button", "Generate Bypass Code", label="access")
    r.add("click", "other", "opens", "button", "Show")


# duo-bypass-sms-correct
r = Rec()
fs_open(r, "2077", "Duo Mobile not working")
r.add("note", "intake", "sets", text="Phone was factory reset, same number, Duo Mobile gone. Needs to get in to re-activate.")
duo_find(r)
r.add("click", "other", "opens", "button", "Add Bypass Code", label="early")
r.add("click", "other", "opens", "button", "Cancel")
r.add("note", "verify", "commits", text="Verified: texted a one-time code to the mobile on the HR record and the caller read it back correctly.", label="verify", gap=70000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
duo_bypass(r)
r.add("note", "deliver", "commits", text="Bypass code (single use, 1 hour) went by SMS to the HR mobile number.", label="deliver")
r.add("note", "confirm", "commits", text="User got in with the code and re-activated Duo Mobile; test push approved.", label="confirm", gap=200000)
fs_back(r, "2077", "Duo Mobile not working")
fs_private_note(r)
fs_resolve(r)
write("duo-bypass-sms-correct", "Duo bypass code after an SMS code check, single use and one hour",
      "heldout-duo-bypass-sms-correct", r,
      "Duo Admin Panel (ticket in Freshservice)", "correct",
      ["duo_users", "duo_bypass", "duo_bypass2", "fw_actions"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing", "credential-change-not-forced"])

# duo-phone-deleted-unverified-faulty
r = Rec()
fs_open(r, "2090", "New phone")
r.add("note", "intake", "sets", text="Caller on a new handset says pushes still go to the old one and asks for it to be taken off.")
duo_find(r)
r.add("click", "other", "opens", "link", "iOS phone")
r.at("Duo Admin Panel", DUO + "phones/detail", "Phone | Duo Admin Panel")
r.add("click", "other", "opens", "button", "Delete Phone", label="menu")
r.add("click", "access", "commits", "button", "Delete", label="access")
r.add("note", "confirm", "commits", text="User enrolled the new phone at the next Duo prompt and approved a push.", label="confirm", gap=180000)
fs_back(r, "2090", "New phone")
fs_private_note(r)
fs_resolve(r)
write("duo-phone-deleted-unverified-faulty", "Duo phone deleted on the caller's word, no identity check",
      "heldout-duo-phone-deleted-unverified", r,
      "Duo Admin Panel (ticket in Freshservice)",
      "faulty: an MFA device is removed with no verification of the caller at all",
      ["duo_users", "duo_devices", "fw_actions"],
      [("verification-missing", "access", "the phone (an MFA factor) is deleted with no verification before it")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "confirmation-missing", "secret-in-document", "credential-change-not-forced"])

# duo-caller-number-faulty
r = Rec()
fs_open(r, "2103", "Duo bypass needed")
r.add("note", "intake", "sets", text="Caller says the number Duo holds is an old one and gives a personal mobile to use instead.", label="ctx")
duo_find(r)
r.add("note", "verify", "commits", text="One-time code sent by text to the personal mobile the caller gave during the call; code read back, matches.", label="verify", gap=70000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
duo_bypass(r)
r.add("note", "deliver", "commits", text="Bypass code sent by SMS to that personal mobile.", label="deliver")
r.add("note", "confirm", "commits", text="Caller says the bypass code worked and they are in.", label="confirm", gap=150000)
fs_back(r, "2103", "Duo bypass needed")
fs_private_note(r)
fs_resolve(r)
write("duo-caller-number-faulty", "Duo bypass code after a code check on a number the caller supplied",
      "heldout-duo-caller-number", r,
      "Duo Admin Panel (ticket in Freshservice)",
      "faulty: the verification code goes to a mobile number the caller gave during the call, not one of record",
      ["duo_users", "duo_bypass", "fw_actions"],
      [("verification-caller-supplied-contact", "verify", "the code is sent to a number supplied by the caller, so it proves only that the caller holds that phone")],
      ["verification-missing", "verification-after-access", "logging-missing",
       "exception-failed-verification-missing", "confirmation-missing", "credential-change-not-forced"])

# duo-reusable-bypass-faulty
r = Rec()
fs_open(r, "2112", "Travelling without phone")
r.add("note", "intake", "sets", text="User abroad for two weeks, left the enrolled phone at home.")
duo_find(r)
r.add("note", "verify", "commits", text="Called the user back on the desk number in the directory (diverted to their laptop softphone); request confirmed.", label="verify", gap=80000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
duo_bypass(r, hour=False)
r.add("note", "deliver", "commits", text="Bypass code e-mailed to the user's work address so it is there for the whole trip.", label="deliver")
fs_back(r, "2112", "Travelling without phone")
fs_private_note(r)
fs_resolve(r)
write("duo-reusable-bypass-faulty", "Duo bypass code that never expires, e-mailed for a trip",
      "heldout-duo-reusable-bypass", r,
      "Duo Admin Panel (ticket in Freshservice)",
      "faulty: a reusable, never-expiring bypass code is issued and sent by e-mail; no check that it worked",
      ["duo_users", "duo_bypass", "duo_bypass2", "fw_actions"],
      [("credential-change-not-forced", "access", "the bypass code is set to unlimited uses and no expiry, so the temporary secret is neither single-use nor time-limited"),
       ("delivery-channel-unapproved", "deliver", "the bypass code is sent in an e-mail"),
       ("confirmation-missing", None, "nobody checks that the user can sign in")],
      ["verification-missing", "verification-after-access", "logging-missing",
       "exception-failed-verification-missing", "verification-knowledge-based"])

# ---------------------------------------------------------------- JumpCloud Admin Portal
JC = "https://console.jumpcloud.com/"


def jc_find(r):
    r.at("JumpCloud", JC + "users", "Users | JumpCloud")
    r.add("open_tab", "other", "opens")
    r.add("click", "other", "opens", "button", "User Management")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("input", "intake", "sets", "searchbox", "Search", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("JumpCloud", JC + "users/details", "[record] | Users | JumpCloud")


# jumpcloud-mfa-reset-correct
r = Rec()
fs_open(r, "2120", "MFA on new phone")
jc_find(r)
r.add("click", "other", "opens", "tab", "Details")
r.add("click", "other", "opens", "button", "Reset MFA", label="early")
r.add("click", "other", "opens", "button", "Cancel")
r.add("note", "verify", "commits", text="Call-back placed to the mobile listed in the HR system; user answered and confirmed they raised INC-2120.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
r.add("click", "other", "opens", "button", "Reset MFA", label="menu")
r.add("select", "other", "sets", "combobox", "Exclusion period", choice="1 day")
r.add("click", "access", "commits", "button", "Reset", label="access")
r.add("note", "confirm", "commits", text="User re-enrolled JumpCloud Protect on the new phone and logged in to the User Portal.", label="confirm", gap=240000)
fs_back(r, "2120", "MFA on new phone")
fs_private_note(r)
fs_resolve(r)
write("jumpcloud-mfa-reset-correct", "JumpCloud MFA reset after a call-back to the HR number",
      "heldout-jumpcloud-mfa-reset-correct", r,
      "JumpCloud Admin Portal (ticket in Freshservice)", "correct",
      ["jc_admin_app", "jc_mfa", "jc_unlock", "fw_actions"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing"])

# jumpcloud-kba-unlock-faulty
r = Rec()
fs_open(r, "2134", "Account locked")
jc_find(r)
r.add("click", "other", "opens", "tab", "Details")
r.add("note", "verify", "commits", text="Identity checked: caller quoted their employee ID and named their line manager, both as on file.", label="verify", gap=60000)
r.add("click", "access", "commits", "button", "Unlock", label="access")
r.add("note", "confirm", "commits", text="Caller could log in again.", label="confirm", gap=60000)
fs_back(r, "2134", "Account locked")
fs_private_note(r)
fs_resolve(r)
write("jumpcloud-kba-unlock-faulty", "JumpCloud unlock on employee ID and manager's name",
      "heldout-jumpcloud-kba-unlock", r,
      "JumpCloud Admin Portal (ticket in Freshservice)",
      "faulty: knowledge-based check only (employee ID, manager's name) and no path for a failed check",
      ["jc_unlock", "jc_admin_app", "fw_actions"],
      [("verification-knowledge-based", "verify", "an employee ID and a manager's name are facts a colleague or an attacker can find"),
       ("exception-failed-verification-missing", None, "nothing says what to do when the caller cannot answer")],
      ["verification-missing", "verification-after-access", "logging-missing",
       "delivery-channel-unapproved", "confirmation-missing", "secret-in-document"])

# ---------------------------------------------------------------- AWS IAM console
IAM = "https://us-east-1.console.aws.amazon.com/iam/home"


def iam_find(r):
    r.at("AWS IAM", IAM, "IAM | Global")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Users")
    r.at("AWS IAM", IAM, "Users | IAM | Global")
    r.add("input", "intake", "sets", "searchbox", "Search", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("AWS IAM", IAM, "[record] | IAM | Global")
    r.add("click", "other", "opens", "tab", "Security credentials")


def iam_reset(r, force=True):
    r.add("click", "other", "opens", "button", "Manage console access", label="menu")
    r.add("select", "other", "sets", "radio", "Set password", choice="Autogenerated password")
    if force:
        r.add("check", "other", "sets", "checkbox", "User must create a new password at next sign-in")
    r.add("click", "access", "commits", "button", "Apply", label="access")


# aws-iam-console-access-correct
r = Rec()
fs_open(r, "2150", "AWS console password")
iam_find(r)
r.add("click", "other", "opens", "button", "Manage console access", label="early")
r.add("click", "other", "opens", "button", "Cancel")
r.add("note", "verify", "commits", text="Verified by call-back to the phone number on the HR record; the user confirmed the request.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
iam_reset(r)
r.add("click", "other", "opens", "button", "Close")
r.add("note", "deliver", "commits", text="Temporary password went out by SMS to the mobile on the HR record.", label="deliver")
r.add("note", "confirm", "commits", text="User signed in to the console and had to choose a new password.", label="confirm", gap=180000)
fs_back(r, "2150", "AWS console password")
fs_private_note(r)
fs_resolve(r)
write("aws-iam-console-access-correct", "AWS IAM console password reset after call-back, change at next sign-in",
      "heldout-aws-iam-console-access-correct", r,
      "AWS IAM console (ticket in Freshservice)", "correct",
      ["aws", "aws_steps", "fw_actions"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing", "credential-change-not-forced"])

# aws-iam-slack-faulty
r = Rec()
fs_open(r, "2166", "AWS console password")
r.add("note", "verify", "commits", text="Callback to the number in HR - confirmed by the user.", label="verify", gap=60000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
iam_find(r)
iam_reset(r, force=False)
r.add("click", "other", "sets", "button", "Copy password", label="copy")
r.add("click", "other", "opens", "button", "Close")
r.at("Slack", "https://app.slack.com/client", "[record] (DM) - Example Corp - Slack")
r.add("switch_tab", "other", "opens")
r.add("paste", "other", "sets", "textbox", "Message", label="paste")
r.add("click", "deliver", "commits", "button", "Send now", label="deliver")
fs_back(r, "2166", "AWS console password")
fs_private_note(r)
fs_resolve(r)
write("aws-iam-slack-faulty", "AWS IAM console reset, password sent by Slack DM, no forced change",
      "heldout-aws-iam-slack", r,
      "AWS IAM console (ticket in Freshservice, Slack)",
      "faulty: 'User must create a new password at next sign-in' left unticked and the password sent in a Slack direct message",
      ["aws", "aws_steps", "fw_actions"],
      [("credential-change-not-forced", "access", "the reset is applied without requiring a new password at next sign-in"),
       ("delivery-channel-unapproved", "deliver", "the secret is sent in a chat message"),
       ("confirmation-missing", None, "nobody checks that the user can sign in")],
      ["verification-missing", "verification-after-access", "logging-missing",
       "exception-failed-verification-missing", "verification-knowledge-based"])

# ---------------------------------------------------------------- Salesforce Setup
SF = "https://example.my.salesforce.com/lightning/setup/ManageUsers/"


def sf_find(r):
    r.at("Salesforce", "https://example.lightning.force.com/lightning/page/home", "Home | Salesforce")
    r.add("open_tab", "other", "opens")
    r.add("click", "other", "opens", "button", "Setup")
    r.add("click", "other", "opens", "menuitem", "Setup")
    r.at("Salesforce", SF + "home", "Users | Salesforce")
    r.add("input", "intake", "sets", "searchbox", "Quick Find", field_kind="search")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Salesforce", SF + "page", "User: [record] | Salesforce")


def sf_reset(r):
    r.add("click", "other", "opens", "button", "Reset Password", label="menu")
    r.add("click", "access", "commits", "button", "OK", label="access")


# salesforce-reset-email-correct
r = Rec()
fs_open(r, "2181", "Salesforce login")
sf_find(r)
r.add("click", "other", "opens", "button", "Reset Password", label="early")
r.add("click", "other", "opens", "button", "Cancel")
r.add("note", "verify", "commits", text="Identity confirmed by call-back to the mobile on the user record (not the caller ID of the inbound call).", label="verify", gap=85000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
sf_reset(r)
r.add("note", "confirm", "commits", text="User followed the reset e-mail, set a password and got into Salesforce.", label="confirm", gap=260000)
fs_back(r, "2181", "Salesforce login")
fs_private_note(r)
fs_resolve(r)
write("salesforce-reset-email-correct", "Salesforce reset e-mail after a call-back",
      "heldout-salesforce-reset-email-correct", r,
      "Salesforce Setup (ticket in Freshservice)", "correct",
      ["sf_fingertip", "sf_advologix", "sf_practifi", "fw_actions"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing", "credential-change-not-forced"])

# salesforce-timed-out-vip-faulty
r = Rec()
fs_open(r, "2195", "URGENT Salesforce access")
sf_find(r)
r.add("note", "verify", "commits", text="Sent a one-time code to the mobile on the user record.", label="verify", gap=40000)
r.add("note", "verify", "commits", text="No code back after 10 minutes - verification timed out.", label="timeout", gap=600000)
r.add("note", "other", "sets", text="Caller is the VP of Sales with the quarter-end forecast due within the hour, so reset it anyway.", label="bypass")
sf_reset(r)
r.add("note", "confirm", "commits", text="Caller says they are back in.", label="confirm", gap=200000)
fs_back(r, "2195", "URGENT Salesforce access")
fs_private_note(r)
fs_resolve(r)
write("salesforce-timed-out-vip-faulty", "Salesforce reset after a timed-out code check, on seniority and urgency",
      "heldout-salesforce-timed-out-vip", r,
      "Salesforce Setup (ticket in Freshservice)",
      "faulty: the code check timed out and the reset went ahead because of the caller's seniority and deadline",
      ["sf_fingertip", "sf_advologix", "fw_actions"],
      [("verification-bypass", "bypass", "seniority and urgency replace a verification that timed out"),
       ("exception-failed-verification-missing", None, "the timed-out check is not routed to a failure path")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved",
       "confirmation-missing", "secret-in-document"])

# ---------------------------------------------------------------- GitLab Admin area
GL = "https://gitlab.example.com/"


def gl_issue(r, n, title="Can't sign in"):
    r.at("GitLab", GL + "it/helpdesk/-/issues", "Issues · IT / helpdesk · GitLab")
    r.add("navigate", "intake", "opens", "link", "Issues")
    r.add("click", "intake", "opens", "link", title)
    r.at("GitLab", GL + "it/helpdesk/-/issues/" + n, "%s (#%s) · Issues · IT / helpdesk · GitLab" % (title, n))
    r.add("click", "intake", "commits", "button", "assign yourself")


def gl_back(r, n, title="Can't sign in"):
    r.at("GitLab", GL + "it/helpdesk/-/issues/" + n, "%s (#%s) · Issues · IT / helpdesk · GitLab" % (title, n))
    r.add("switch_tab", "other", "opens")


def gl_internal_note_close(r):
    r.add("input", "other", "sets", "textbox", "Add a reply", field_kind="text", gap=30000)
    r.add("check", "other", "sets", "checkbox", "Make this an internal note")
    r.add("click", "log", "commits", "button", "Add internal note", label="log")
    r.add("click", "log", "commits", "button", "Close issue", label="close")


def gl_find(r):
    r.at("GitLab", GL + "admin/users", "Users · Admin area · GitLab")
    r.add("open_tab", "other", "opens")
    r.add("click", "other", "opens", "link", "Admin area")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("input", "intake", "sets", "searchbox", "Search by name, email, or username", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("GitLab", GL + "admin/users/show", "[record] · Users · Admin area · GitLab")


def gl_reset(r):
    r.add("click", "other", "opens", "link", "Edit", label="menu")
    r.at("GitLab", GL + "admin/users/edit", "Edit user [record] · Users · Admin area · GitLab")
    r.add("input", "other", "sets", "textbox", "Password", field_kind="password")
    r.add("input", "other", "sets", "textbox", "Password confirmation", field_kind="password")
    r.add("click", "access", "commits", "button", "Save changes", label="access")


# gitlab-admin-password-correct
r = Rec()
gl_issue(r, "318")
r.add("note", "verify", "commits", text="A one-time code went to the user's registered work e-mail; read back to me on a call to the directory desk number, correct.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
gl_find(r)
gl_reset(r)
r.add("note", "deliver", "commits", text="Password sent as a text to the mobile on the HR record; GitLab makes the user replace an admin-set password at first sign-in.", label="deliver")
r.add("note", "confirm", "commits", text="User signed in and chose their own password.", label="confirm", gap=160000)
gl_back(r, "318")
gl_internal_note_close(r)
write("gitlab-admin-password-correct", "GitLab admin password reset after an e-mailed code check",
      "heldout-gitlab-admin-password-correct", r,
      "GitLab Admin area (request as a GitLab issue)", "correct",
      ["gl_reset", "gl_force"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing", "credential-change-not-forced"])

# gitlab-reset-before-verify-faulty
r = Rec()
gl_issue(r, "327")
gl_find(r)
gl_reset(r)
r.add("note", "deliver", "commits", text="New password texted to the HR mobile; GitLab will ask for a new one at first sign-in.", label="deliver")
r.add("note", "verify", "commits", text="Afterwards checked it really was them: code to the registered work e-mail, read back OK.", label="verify", gap=100000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
r.add("note", "confirm", "commits", text="User signed in.", label="confirm", gap=90000)
gl_back(r, "327")
gl_internal_note_close(r)
write("gitlab-reset-before-verify-faulty", "GitLab password set before the caller was checked",
      "heldout-gitlab-reset-before-verify", r,
      "GitLab Admin area (request as a GitLab issue)",
      "faulty: reset and delivery before verification",
      ["gl_reset", "gl_force"],
      [("verification-after-access", "access", "the only verification comes after the password was set and sent")],
      ["logging-missing", "delivery-channel-unapproved", "verification-knowledge-based",
       "confirmation-missing", "secret-in-document", "credential-change-not-forced"])

# gitlab-unlock-no-log-faulty
r = Rec()
gl_issue(r, "333", "Locked out of GitLab")
r.add("note", "verify", "commits", text="Verified: called back on the desk number in the staff directory, user confirmed the request.", label="verify", gap=70000)
r.add("mark", "escalate", "sets", mark="exception", text=FAIL_PATH, label="exc")
gl_find(r)
r.add("click", "other", "opens", "button", "User administration")
r.add("click", "other", "opens", "menuitem", "Unlock", label="menu")
r.add("click", "access", "commits", "button", "Unlock", label="access")
r.add("note", "confirm", "commits", text="User signed in again.", label="confirm", gap=90000)
r.add("close_tab", "other", "opens")
write("gitlab-unlock-no-log-faulty", "GitLab unlock with the issue left untouched",
      "heldout-gitlab-unlock-no-log", r,
      "GitLab Admin area (request as a GitLab issue)",
      "faulty: no logging — the issue gets no note and is not closed after the unlock",
      ["gl_unlock"],
      [("logging-missing", "access", "nothing after the unlock records it on the issue or anywhere else")],
      ["verification-missing", "verification-after-access", "exception-failed-verification-missing",
       "verification-knowledge-based", "verification-bypass", "verification-caller-supplied-contact",
       "delivery-channel-unapproved", "confirmation-missing"])

print("ok")
