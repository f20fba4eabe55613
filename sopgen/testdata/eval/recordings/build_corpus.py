#!/usr/bin/env python3
"""Writes the evaluation recordings and their expectation sidecars.

Every step list below was written by hand from the vendor pages named in
SOURCES, before any Stepwise output was seen. Run: python3 build_corpus.py
(writes NAME.json and NAME.expect.json next to this file).
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from evalrec import Rec, writer  # noqa: E402

SRC = {
    "sow": "https://www.servicenow.com/docs/r/australia/it-service-management/service-operations-workspace/reset-password-sd-pr-sow.html",
    "sow_md": "https://raw.githubusercontent.com/ServiceNow/ServiceNowDocs/australia/markdown/it-service-management/service-operations-workspace/reset-password-sd-pr-sow.md",
    "entra": "https://m365corner.com/m365-blogs/reset-user-password-microsoft-entra.html",
    "entra_graph": "https://learn.microsoft.com/graph/api/authenticationmethod-resetpassword",
    "okta_pw": "https://support.okta.com/help/s/article/How-To-Send-A-Password-Reset-Email-To-An-EndUser",
    "okta_mfa": "https://support.okta.com/help/s/article/How-to-reset-MFA-for-end-users",
    "okta_mfa2": "https://support.okta.com/help/s/article/self-reset-mfa-for-users?language=en_US",
    "okta_unlock": "https://sjsu-its.atlassian.net/wiki/x/DIAJsQ",
    "okta_tmp": "https://mirumpharma.freshdesk.com/support/solutions/articles/64000287922-password-reset",
    "google": "http://support.cloudhop.it/support/solutions/articles/42000037460-reset-a-user-s-password",
    "google2": "https://insightdezign.com/clients/knowledgebase/42/02-Resetting-a-User-Password-in-Google-Workspace.html",
    "jsm_notes": "https://su-jsm.atlassian.net/wiki/spaces/ITHELP/pages/159949480/Orange+Tracker+Comments+and+Talking+to+Customers",
    "zendesk": "https://handbook.gitlab.com/handbook/security/customer-support-operations/zendesk/agent-workspace",
    "adm": "https://www.manageengine.com/products/ad-manager/admanager-kb/configure-user-must-change-password-at-next-logon.html",
    "adm2": "https://www.manageengine.com/products/ad-manager/help/user_management/general_attributes/reset_password_windows_users.html",
    "ncentral": "https://secure.n-able.com/webhelp/NC_11-0-1_en/Content/DomainUserManagement/DomainUserMgt_Reset_Acct_Password.htm",
    "imper": "https://docs.imper.ai/docs/password-reset-workflow",
    "imper_ssp": "https://docs.imper.ai/v1/docs/self-service-portal-ssp",
    "imper_agent": "https://docs.imper.ai/docs/helpdesk-agent-experience",
}

CORE_ERRORS = ["verification-missing", "verification-after-access", "logging-missing",
               "delivery-channel-unapproved", "exception-failed-verification-missing"]
OTHER_ERRORS = ["verification-knowledge-based", "verification-caller-supplied-contact",
                "verification-bypass", "secret-in-document"]


write = writer(HERE, SRC, "eval-", "2026-11-30T09:%02d:00Z")


EXC_TEXT = ("If verification fails, is refused or times out: do not reset; "
            "escalate the incident to the Service Desk Team Lead queue within 30 minutes.")

# ---------------------------------------------------------------- ServiceNow SOW
SOW_URL = "https://example.service-now.com/now/sow/record/incident/[record]"


def sow_head(r, inc="INC0012345"):
    r.at("ServiceNow", "https://example.service-now.com/now/sow/home", "Service Operations Workspace")
    r.add("navigate", "intake", "opens", "link", "Service Operations Workspace")
    r.add("click", "intake", "opens", "tab", "List")
    r.at("ServiceNow", "https://example.service-now.com/now/sow/list/incident", "Incidents | Service Operations Workspace")
    r.add("click", "intake", "opens", "link", "Open incidents assigned to me")
    r.add("click", "intake", "opens", "link", inc)
    r.at("ServiceNow", SOW_URL, inc + " | Service Operations Workspace")


def sow_identify(r):
    r.add("click", "other", "opens", "button", "More actions")
    r.add("click", "other", "opens", "menuitem", "Reset password", label="menu")
    r.at("ServiceNow", SOW_URL, "Reset password | Service Operations Workspace")
    r.add("select", "intake", "sets", "combobox", "User", choice="[record]")
    r.add("select", "other", "sets", "combobox", "Password reset process", choice="Service desk password reset")
    r.add("click", "other", "opens", "button", "Continue to verify")


def sow_sms_verify(r):
    r.add("select", "other", "sets", "radio", "Verification method", choice="SMS verification")
    r.add("click", "verify", "commits", "button", "Send verification code")
    r.add("input", "other", "sets", "textbox", "Enter verification code", field_kind="number", gap=40000)
    r.add("click", "verify", "commits", "button", "Verify", label="verify")
    r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT, label="exc")
    r.add("click", "other", "opens", "button", "Continue to reset")


def sow_worknote_resolve(r, inc="INC0012345"):
    r.at("ServiceNow", SOW_URL, inc + " | Service Operations Workspace")
    r.add("click", "other", "opens", "tab", "Work notes")
    r.add("input", "other", "sets", "textbox", "Work notes", field_kind="text", gap=30000)
    r.add("click", "log", "commits", "button", "Post", label="log")
    r.add("select", "other", "sets", "combobox", "Resolution code", choice="Solved (Permanently)")
    r.add("click", "log", "commits", "button", "Resolve", label="resolve")


r = Rec()
sow_head(r)
sow_identify(r)
sow_sms_verify(r)
r.add("select", "other", "sets", "radio", "Password reset method", choice="Auto-generate new password")
r.add("click", "access", "commits", "button", "Reset password", label="access")
r.add("click", "other", "opens", "button", "Close")
r.add("note", "deliver", "commits", text="Temporary password sent by SMS to the mobile number of record; it must be changed at first sign-in.", label="deliver")
r.add("note", "confirm", "commits", text="Caller confirmed they can sign in with the new password.", label="confirm", gap=120000)
sow_worknote_resolve(r)
write("sow-sms-code-correct", "SOW reset: SMS code, auto-generated password by SMS", "eval-sow-sms-code-correct", r,
      "ServiceNow Service Operations Workspace", "correct",
      ["sow", "sow_md"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing"])

r = Rec()
sow_head(r, "INC0012377")
sow_identify(r)
r.add("select", "other", "sets", "radio", "Verification method", choice="Personal data confirmation")
r.add("note", "verify", "commits", text="Asked the caller for their email address; it matched the one displayed.", label="verify")
r.add("click", "other", "opens", "button", "Continue to reset")
r.add("select", "other", "sets", "radio", "Password reset method", choice="Auto-generate new password")
r.add("click", "access", "commits", "button", "Reset password", label="access")
r.add("note", "deliver", "commits", text="Read the new password to the caller over the phone.", label="deliver")
r.add("click", "other", "opens", "button", "Close")
r.add("click", "other", "opens", "button", "Exit")
sow_worknote_resolve(r, "INC0012377")
write("sow-personal-data-read-aloud-faulty", "SOW reset: personal data confirmation, password read aloud",
      "eval-sow-personal-data-read-aloud", r,
      "ServiceNow Service Operations Workspace",
      "faulty: only a knowledge-based check (caller states the e-mail address shown) and the password is read aloud",
      ["sow", "sow_md"],
      [("verification-knowledge-based", "verify", "the only check is the caller repeating an e-mail address anyone can look up"),
       ("delivery-channel-unapproved", "deliver", "the secret is read aloud to a caller who was not verified by an approved method"),
       ("exception-failed-verification-missing", None, "no path is recorded for a failed or refused check")],
      ["verification-missing", "verification-after-access", "logging-missing"])

r = Rec()
sow_head(r, "INC0012391")
sow_identify(r)
sow_sms_verify(r)
r.add("select", "other", "sets", "radio", "Password reset method", choice="Send email with instructions")
r.add("click", "access", "commits", "button", "Reset password", label="access")
r.add("click", "other", "opens", "button", "Close")
r.add("note", "confirm", "commits", text="User confirmed by phone that the reset e-mail arrived and they signed in.", label="confirm", gap=240000)
r.add("close_tab", "other", "opens")
write("sow-no-work-note-faulty", "SOW reset: SMS code, reset e-mail, incident left without a note",
      "eval-sow-no-work-note", r,
      "ServiceNow Service Operations Workspace",
      "faulty: no logging — the incident gets no work note and is not resolved",
      ["sow", "sow_md"],
      [("logging-missing", "access", "nothing after the reset records it on the incident or elsewhere")],
      ["verification-missing", "verification-after-access", "exception-failed-verification-missing",
       "verification-knowledge-based", "verification-bypass", "verification-caller-supplied-contact"])

# ---------------------------------------------------------------- Microsoft Entra
ENTRA = "https://entra.microsoft.com/"


def snow_incident(r, inc):
    r.at("ServiceNow", "https://example.service-now.com/incident.do", inc + " | Incident | ServiceNow")
    r.add("navigate", "intake", "opens", "link", inc)


def snow_worknote(r, inc):
    r.at("ServiceNow", "https://example.service-now.com/incident.do", inc + " | Incident | ServiceNow")
    r.add("switch_tab", "other", "opens")
    r.add("click", "other", "opens", "tab", "Notes")
    r.add("input", "other", "sets", "textbox", "Work notes", field_kind="text", gap=25000)
    r.add("click", "log", "commits", "button", "Update", label="log")


def entra_find(r):
    r.at("Microsoft Entra admin center", ENTRA, "Microsoft Entra admin center")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Users")
    r.at("Microsoft Entra admin center", ENTRA + "users", "Users - Microsoft Entra admin center")
    r.add("click", "intake", "opens", "link", "All users")
    r.add("input", "intake", "sets", "searchbox", "Search", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Microsoft Entra admin center", ENTRA + "users/profile", "[record] - Microsoft Entra admin center")


def entra_reset(r):
    r.add("click", "other", "opens", "button", "Reset password", label="menu")
    r.add("click", "access", "commits", "button", "Reset password", label="access")
    r.add("click", "other", "sets", "button", "Copy to clipboard")


r = Rec()
snow_incident(r, "INC0020417")
entra_find(r)
r.add("click", "other", "opens", "button", "Reset password", label="early_menu")
r.add("click", "other", "opens", "button", "Cancel")
r.add("click", "other", "opens", "tab", "Authentication methods")
r.add("note", "verify", "commits", text="Called the caller back on the mobile number registered under Authentication methods (not the number they called from); they answered and confirmed the request.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT, label="exc")
r.add("click", "other", "opens", "tab", "Overview")
entra_reset(r)
r.add("note", "deliver", "commits", text="Temporary password was sent by SMS to the registered mobile number; Entra requires a change at next sign-in.", label="deliver")
r.add("note", "confirm", "commits", text="User signed in and set a new password.", label="confirm", gap=180000)
snow_worknote(r, "INC0020417")
write("entra-callback-correct", "Entra reset after call-back to the registered number", "eval-entra-callback-correct", r,
      "Microsoft Entra admin center (ticket in ServiceNow)", "correct",
      ["entra", "entra_graph"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing", "credential-change-not-forced"])

r = Rec()
snow_incident(r, "INC0020433")
entra_find(r)
entra_reset(r)
r.add("note", "deliver", "commits", text="Temporary password was sent by SMS to the registered mobile number.", label="deliver")
r.add("click", "other", "opens", "tab", "Authentication methods")
r.add("note", "verify", "commits", text="Called back the registered mobile number afterwards to check it was really them.", label="verify", gap=120000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT)
snow_worknote(r, "INC0020433")
write("entra-reset-before-verify-faulty", "Entra reset done before the call-back", "eval-entra-reset-before-verify", r,
      "Microsoft Entra admin center (ticket in ServiceNow)",
      "faulty: reset before verification — the call-back happens after the password was reset and sent",
      ["entra", "entra_graph"],
      [("verification-after-access", "access", "the only verification (call-back) comes after the reset")],
      ["logging-missing", "verification-knowledge-based", "delivery-channel-unapproved"])

r = Rec()
snow_incident(r, "INC0020450")
entra_find(r)
r.add("click", "other", "opens", "tab", "Authentication methods")
r.add("note", "verify", "commits", text="Called back the registered mobile number; the user confirmed the request.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT)
r.add("click", "other", "opens", "tab", "Overview")
entra_reset(r)
r.at("Microsoft Teams", "https://teams.microsoft.com/", "Chat | Microsoft Teams")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "link", "[record]")
r.add("paste", "other", "sets", "textbox", "Type a message", label="paste")
r.add("click", "deliver", "commits", "button", "Send", label="deliver")
snow_worknote(r, "INC0020450")
write("entra-password-in-chat-faulty", "Entra reset, temporary password pasted into a Teams chat", "eval-entra-password-in-chat", r,
      "Microsoft Entra admin center (ticket in ServiceNow, Microsoft Teams)",
      "faulty: the temporary password is sent by chat",
      ["entra", "entra_graph"],
      [("delivery-channel-unapproved", "deliver", "the secret is pasted into a chat message"),
       ("confirmation-missing", None, "no check that the user can sign in")],
      ["verification-missing", "verification-after-access", "logging-missing"])

# ---------------------------------------------------------------- Okta
OKTA = "https://example-admin.okta.com/admin/"


def jsm_open(r, key):
    r.at("Jira Service Management", "https://example.atlassian.net/jira/servicedesk/projects/ITHELP/queues", "Queues - IT Help")
    r.add("navigate", "intake", "opens", "link", "All open")
    r.add("click", "intake", "opens", "link", key)
    r.at("Jira Service Management", "https://example.atlassian.net/browse/" + key, key + " - IT Help")
    r.add("click", "intake", "commits", "button", "Assign to me")


def jsm_note_resolve(r, key):
    r.at("Jira Service Management", "https://example.atlassian.net/browse/" + key, key + " - IT Help")
    r.add("switch_tab", "other", "opens")
    r.add("click", "other", "opens", "button", "Add internal note")
    r.add("input", "other", "sets", "textbox", "Internal note", field_kind="text", gap=30000)
    r.add("click", "log", "commits", "button", "Save", label="log")
    r.add("click", "other", "opens", "button", "Resolve this issue")
    r.add("select", "other", "sets", "combobox", "Resolution", choice="Done")
    r.add("click", "log", "commits", "button", "Resolve", label="resolve")


def okta_find(r):
    r.at("Okta Admin Console", OKTA + "users", "People - Okta Admin Console")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Directory")
    r.add("click", "intake", "opens", "link", "People")
    r.add("input", "intake", "sets", "searchbox", "Search", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Okta Admin Console", OKTA + "user/profile/view", "[record] - Okta Admin Console")


def imper_verify(r, channel="SMS", number_choice="Mobile number of record", label_send="send", passed="Passed"):
    r.at("imper.ai", "https://console.imper.ai/helpdesk/verifications", "Helpdesk Verifications - imper.ai")
    r.add("open_tab", "other", "opens")
    r.add("click", "other", "opens", "button", "Send verification link")
    r.add("input", "intake", "sets", "searchbox", "User", field_kind="search")
    r.add("click", "intake", "sets", "option", "[record]")
    r.add("select", "other", "sets", "radio", "Send via", choice=channel)
    if number_choice:
        r.add("select", "other", "sets", "combobox", "Phone number", choice=number_choice)
    r.add("click", "verify", "commits", "button", "Send link", label=label_send)
    r.add("click", "other", "opens", "button", "Refresh", gap=180000)
    r.add("click", "other", "opens", "row", "[record]")
    r.add("mark", "verify", "commits", mark="verification",
          text="Verification outcome in the Helpdesk Verifications table: " + passed + ".", label="verify")


r = Rec()
jsm_open(r, "ITHELP-42")
imper_verify(r)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT, label="exc")
okta_find(r)
r.add("click", "other", "opens", "button", "Reset password", label="menu")
r.add("select", "other", "sets", "radio", "Reset password", choice="Send a reset password email")
r.add("check", "other", "sets", "checkbox", "Sign out user")
r.add("click", "access", "commits", "button", "Reset password", label="access")
r.add("note", "confirm", "commits", text="User used the e-mailed link, chose a new password and was able to sign in.", label="confirm", gap=300000)
jsm_note_resolve(r, "ITHELP-42")
write("okta-reset-link-correct", "Okta reset e-mail after a verification-portal check", "eval-okta-reset-link-correct", r,
      "Okta Admin Console (request in Jira Service Management, verification in imper.ai)", "correct",
      ["okta_pw", "okta_tmp", "imper", "jsm_notes"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing", "credential-change-not-forced"])

r = Rec()
jsm_open(r, "ITHELP-57")
okta_find(r)
r.add("click", "other", "opens", "tab", "Profile")
r.add("note", "verify", "commits", text="Called back the desk phone number in the company directory; the user confirmed the request and read back a one-time code sent to their registered e-mail address.", label="verify", gap=60000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT, label="exc")
r.add("click", "other", "opens", "button", "More Actions")
r.add("click", "other", "opens", "menuitem", "Reset Authenticators", label="menu")
r.add("check", "other", "sets", "checkbox", "Okta Verify")
r.add("click", "other", "opens", "button", "Reset Selected Authenticators")
r.add("click", "access", "commits", "button", "Reset", label="access")
r.add("note", "confirm", "commits", text="User re-enrolled Okta Verify on the new phone and signed in.", label="confirm", gap=240000)
jsm_note_resolve(r, "ITHELP-57")
write("okta-reset-authenticator-correct", "Okta: reset a lost Okta Verify authenticator", "eval-okta-reset-authenticator-correct", r,
      "Okta Admin Console (request in Jira Service Management)", "correct",
      ["okta_mfa", "okta_mfa2", "jsm_notes"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing"])

r = Rec()
jsm_open(r, "ITHELP-61")
okta_find(r)
r.add("click", "access", "commits", "button", "Unlock", label="access")
r.add("note", "confirm", "commits", text="User could sign in again.", label="confirm", gap=60000)
jsm_note_resolve(r, "ITHELP-61")
write("okta-unlock-no-verification-faulty", "Okta unlock with no identity check", "eval-okta-unlock-no-verification", r,
      "Okta Admin Console (request in Jira Service Management)",
      "faulty: no verification at all before the unlock",
      ["okta_unlock", "okta_pw", "jsm_notes"],
      [("verification-missing", "access", "the account is unlocked with no verification before it")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved"])

r = Rec()
jsm_open(r, "ITHELP-64")
okta_find(r)
r.add("note", "verify", "commits", text="Verified the caller by date of birth, employee ID and their security question.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT)
r.add("click", "other", "opens", "button", "More Actions")
r.add("click", "other", "opens", "menuitem", "Reset Authenticators", label="menu")
r.add("check", "other", "sets", "checkbox", "Okta Verify")
r.add("check", "other", "sets", "checkbox", "Phone")
r.add("click", "other", "opens", "button", "Reset Selected Authenticators")
r.add("click", "access", "commits", "button", "Reset", label="access")
r.add("note", "confirm", "commits", text="Caller enrolled a new phone and signed in.", gap=200000)
jsm_note_resolve(r, "ITHELP-64")
write("okta-mfa-reset-kba-faulty", "Okta MFA reset after knowledge questions only", "eval-okta-mfa-reset-kba", r,
      "Okta Admin Console (request in Jira Service Management)",
      "faulty: knowledge-based questions only (date of birth, employee ID, security question) before removing all factors",
      ["okta_mfa", "okta_mfa2", "jsm_notes"],
      [("verification-knowledge-based", "verify", "date of birth, employee ID and a security question are facts an attacker can look up or guess")],
      ["verification-missing", "verification-after-access", "logging-missing", "delivery-channel-unapproved"])

# ---------------------------------------------------------------- Jira Service Management
r = Rec()
jsm_open(r, "ITHELP-88")
r.add("note", "intake", "sets", text="Requester rang from +44 20 7946 0000 about ITHELP-88; locked out after the holiday.", label="pii_note")
r.add("click", "other", "opens", "button", "Reply to customer")
r.add("input", "other", "sets", "textbox", "Reply to customer", field_kind="text", gap=20000)
r.add("click", "notify", "commits", "button", "Save", label="ack")
r.add("note", "verify", "commits", text="Called the user back on the desk number listed in the company directory and confirmed the request with a one-time code sent to their registered mobile.", label="verify", gap=120000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT, label="exc")
okta_find(r)
r.add("click", "other", "opens", "button", "Reset password", label="menu")
r.add("select", "other", "sets", "radio", "Reset password", choice="Create a temporary password")
r.add("click", "access", "commits", "button", "Reset password", label="access")
r.add("click", "other", "opens", "button", "Done")
r.add("note", "deliver", "commits", text="Temporary password sent by SMS to the registered mobile; Okta marks it expired so it must be changed at sign-in.", label="deliver")
r.at("Jira Service Management", "https://example.atlassian.net/browse/ITHELP-88", "ITHELP-88 - IT Help")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "button", "Link issue")
r.add("select", "other", "sets", "combobox", "Link type", choice="relates to")
r.add("input", "other", "sets", "searchbox", "Search for issues", field_kind="search")
r.add("click", "other", "sets", "option", "ITHELP-87")
r.add("click", "log", "commits", "button", "Link", label="link")
r.add("note", "confirm", "commits", text="User confirmed they were able to sign in after changing the password.", label="confirm", gap=200000)
jsm_note_resolve(r, "ITHELP-88")
write("jsm-linked-reset-correct", "JSM request worked in the agent view with a linked Okta reset", "eval-jsm-linked-reset-correct", r,
      "Jira Service Management agent view (reset in Okta)", "correct",
      ["jsm_notes", "okta_tmp", "okta_pw"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing", "credential-change-not-forced"])

r = Rec()
jsm_open(r, "ITHELP-93")
r.add("note", "verify", "commits", text="Verified the user with a one-time code sent to the registered mobile number.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT)
okta_find(r)
r.add("click", "other", "opens", "button", "Reset password", label="menu")
r.add("select", "other", "sets", "radio", "Reset password", choice="Create a temporary password")
r.add("click", "access", "commits", "button", "Reset password", label="access")
r.add("click", "other", "sets", "button", "Copy to clipboard", label="copy")
r.add("click", "other", "opens", "button", "Done")
r.at("Jira Service Management", "https://example.atlassian.net/browse/ITHELP-93", "ITHELP-93 - IT Help")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "button", "Reply to customer")
r.add("paste", "other", "sets", "textbox", "Reply to customer", label="paste")
r.add("click", "deliver", "commits", "button", "Save", label="deliver")
r.add("click", "other", "opens", "button", "Resolve this issue")
r.add("select", "other", "sets", "combobox", "Resolution", choice="Done")
r.add("click", "log", "commits", "button", "Resolve")
write("jsm-password-in-reply-faulty", "JSM: temporary password pasted into the customer reply", "eval-jsm-password-in-reply", r,
      "Jira Service Management agent view (reset in Okta)",
      "faulty: temporary password e-mailed to the requester through a public reply, and kept in the ticket",
      ["jsm_notes", "okta_tmp"],
      [("delivery-channel-unapproved", "deliver", "a public reply goes out by e-mail with the secret in it"),
       ("secret-in-document", "paste", "the procedure pastes the password into the ticket"),
       ("confirmation-missing", None, "no check that the user can sign in")],
      ["verification-missing", "verification-after-access", "exception-failed-verification-missing"])

# ---------------------------------------------------------------- Zendesk
ZD = "https://example.zendesk.com/agent/tickets/"


def zd_open(r, n):
    r.at("Zendesk", "https://example.zendesk.com/agent/filters", "Views - Zendesk")
    r.add("navigate", "intake", "opens", "link", "Your unsolved tickets")
    r.add("click", "intake", "opens", "link", "#" + n)
    r.at("Zendesk", ZD + n, "Ticket #" + n + " - Zendesk")


r = Rec()
zd_open(r, "48213")
imper_verify(r)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT, label="exc")
entra_find(r)
entra_reset(r)
r.add("note", "deliver", "commits", text="Temporary password sent by SMS to the mobile number of record.", label="deliver")
r.at("Zendesk", ZD + "48213", "Ticket #48213 - Zendesk")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "button", "Apply macro")
r.add("click", "other", "sets", "option", "IT::Password reset completed")
r.add("click", "other", "opens", "tab", "Internal note")
r.add("input", "other", "sets", "textbox", "Internal note", field_kind="text", gap=20000)
r.add("click", "log", "commits", "button", "Submit as Pending", label="log")
r.add("note", "confirm", "commits", text="Requester replied that they can sign in again.", label="confirm", gap=600000)
r.add("click", "log", "commits", "button", "Submit as Solved", label="solve")
write("zendesk-macro-correct", "Zendesk ticket: portal verification, Entra reset, macro and internal note", "eval-zendesk-macro-correct", r,
      "Zendesk Agent Workspace (verification in imper.ai, reset in Entra)", "correct",
      ["zendesk", "imper", "entra"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing", "credential-change-not-forced"])

r = Rec()
zd_open(r, "48290")
r.add("note", "verify", "commits", text="Caller gave their date of birth and the last four digits of their employee ID; both matched HR.", label="verify", gap=60000)
r.at("Google Admin console", "https://admin.google.com/ac/users", "Users - Admin console")
r.add("open_tab", "other", "opens")
r.add("input", "intake", "sets", "searchbox", "Search for users", field_kind="search")
r.add("click", "intake", "opens", "link", "[record]")
r.at("Google Admin console", "https://admin.google.com/ac/users/profile", "[record] - Admin console")
r.add("click", "other", "opens", "button", "Reset password", label="menu")
r.add("select", "other", "sets", "radio", "Password", choice="Automatically generate a password")
r.add("click", "access", "commits", "button", "Reset", label="access")
r.add("click", "other", "sets", "button", "Click to copy password")
r.add("click", "other", "opens", "button", "Done")
r.at("Zendesk", ZD + "48290", "Ticket #48290 - Zendesk")
r.add("switch_tab", "other", "opens")
r.add("click", "other", "opens", "button", "Apply macro")
r.add("click", "other", "sets", "option", "IT::Send new password")
r.add("click", "other", "opens", "tab", "Public reply")
r.add("paste", "other", "sets", "textbox", "Public reply", label="paste")
r.add("click", "deliver", "commits", "button", "Submit as Solved", label="deliver")
write("zendesk-kba-emailed-password-faulty", "Zendesk: knowledge questions, password e-mailed by macro reply", "eval-zendesk-kba-emailed-password", r,
      "Zendesk Agent Workspace (reset in Google Admin console)",
      "faulty: knowledge-based check only, password e-mailed in a public reply, no forced change",
      ["zendesk", "google"],
      [("verification-knowledge-based", "verify", "date of birth and employee ID digits are knowledge anyone in HR or an attacker may hold"),
       ("delivery-channel-unapproved", "deliver", "the public reply e-mails the secret"),
       ("secret-in-document", "paste", "the password is pasted into the ticket"),
       ("credential-change-not-forced", "access", "'Ask for a password change at the next sign-in' is never set"),
       ("exception-failed-verification-missing", None, "no path for a failed check is given"),
       ("confirmation-missing", None, "no check that the user can sign in")],
      ["verification-missing", "verification-after-access"])

# ---------------------------------------------------------------- Google Workspace
def google_reset(r, force=True):
    r.at("Google Admin console", "https://admin.google.com/ac/users", "Users - Admin console")
    r.add("open_tab", "other", "opens")
    r.add("click", "intake", "opens", "link", "Directory")
    r.add("click", "intake", "opens", "link", "Users")
    r.add("input", "intake", "sets", "searchbox", "Search for users", field_kind="search")
    r.add("click", "intake", "opens", "link", "[record]")
    r.at("Google Admin console", "https://admin.google.com/ac/users/profile", "[record] - Admin console")
    r.add("click", "other", "opens", "button", "Reset password", label="menu")
    r.add("select", "other", "sets", "radio", "Password", choice="Automatically generate a password")
    if force:
        r.add("check", "other", "sets", "checkbox", "Ask for a password change at the next sign-in")
    r.add("click", "access", "commits", "button", "Reset", label="access")


r = Rec()
snow_incident(r, "INC0031102")
r.add("note", "verify", "commits", text="Sent a one-time code to the recovery phone on the Google account; the caller read it back correctly.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT, label="exc")
google_reset(r)
r.add("click", "other", "opens", "button", "Done")
r.add("note", "deliver", "commits", text="Temporary password sent by SMS to the recovery phone of record.", label="deliver")
r.add("note", "confirm", "commits", text="Caller confirmed they can sign in with the new password.", label="confirm", gap=150000)
snow_worknote(r, "INC0031102")
write("google-sms-code-correct", "Google Workspace reset after an SMS code, change forced at next sign-in", "eval-google-sms-code-correct", r,
      "Google Workspace Admin console (ticket in ServiceNow)", "correct",
      ["google", "google2"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing", "credential-change-not-forced"])

r = Rec()
snow_incident(r, "INC0031140")
r.add("note", "verify", "commits", text="Verified the caller with a one-time code sent to the recovery phone of record.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT)
google_reset(r, force=False)
r.add("click", "other", "opens", "button", "Email password")
r.add("input", "other", "sets", "textbox", "Email", field_kind="email")
r.add("click", "deliver", "commits", "button", "Send", label="deliver")
r.add("note", "confirm", "commits", text="User could sign in.", gap=200000)
snow_worknote(r, "INC0031140")
write("google-emailed-password-faulty", "Google Workspace reset, password e-mailed, no forced change", "eval-google-emailed-password", r,
      "Google Workspace Admin console (ticket in ServiceNow)",
      "faulty: password e-mailed with the console's 'Email password' and no change forced at next sign-in",
      ["google", "google2"],
      [("delivery-channel-unapproved", "deliver", "the password itself is sent by e-mail"),
       ("credential-change-not-forced", "access", "'Ask for a password change at the next sign-in' was left unchecked")],
      ["verification-missing", "verification-after-access", "logging-missing", "verification-knowledge-based"])

# ---------------------------------------------------------------- AD web console (ADManager Plus-like)
ADM = "https://admanager.example.local:8443/"


def adm_reset(r, force=True, unlock=True):
    r.at("ADManager Plus", ADM + "ADMgmt", "AD Mgmt - ADManager Plus")
    r.add("open_tab", "other", "opens")
    r.add("click", "other", "opens", "tab", "AD Mgmt")
    r.add("click", "other", "opens", "link", "Reset Password", label="menu")
    r.at("ADManager Plus", ADM + "ADMgmt/resetPassword", "Reset Password - ADManager Plus")
    r.add("select", "intake", "sets", "combobox", "Domain", choice="corp.example.local")
    r.add("input", "intake", "sets", "searchbox", "Search users", field_kind="search")
    r.add("click", "intake", "opens", "button", "Search")
    r.add("check", "intake", "sets", "checkbox", "[record]")
    r.add("check", "other", "sets", "checkbox", "Reset Password")
    r.add("select", "other", "sets", "radio", "Password", choice="Generate Password")
    r.add("select", "other", "sets", "combobox", "User must change password at next logon", choice="Yes" if force else "No")
    if unlock:
        r.add("check", "other", "sets", "checkbox", "Unlock Account")
    r.add("click", "access", "commits", "button", "Apply", label="access")


r = Rec()
snow_incident(r, "INC0040011")
r.add("note", "verify", "commits", text="Verified identity with a one-time code sent to the mobile number in HR records; code matched.", label="verify", gap=90000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT, label="exc")
adm_reset(r)
r.add("note", "deliver", "commits", text="Generated password was sent by SMS to the same mobile number of record.", label="deliver")
r.add("note", "confirm", "commits", text="User logged on and was prompted to change the password.", label="confirm", gap=200000)
snow_worknote(r, "INC0040011")
write("admanager-correct", "AD reset in a web console: SMS code, generated password, change at next logon, unlock",
      "eval-admanager-correct", r,
      "Active Directory web console (ADManager Plus-like; ticket in ServiceNow)", "correct",
      ["adm", "adm2", "ncentral"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing", "credential-change-not-forced"])

r = Rec()
snow_incident(r, "INC0040025")
adm_reset(r)
r.add("note", "deliver", "commits", text="Generated password was sent by SMS to the mobile number of record.", label="deliver")
r.add("note", "verify", "commits", text="Then verified the caller with a one-time code sent to the same mobile number.", label="verify", gap=120000)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT)
r.add("note", "confirm", "commits", text="User logged on.", gap=100000)
snow_worknote(r, "INC0040025")
write("admanager-reset-before-verify-faulty", "AD web console reset before the SMS code check", "eval-admanager-reset-before-verify", r,
      "Active Directory web console (ADManager Plus-like; ticket in ServiceNow)",
      "faulty: reset before verification",
      ["adm", "adm2"],
      [("verification-after-access", "access", "the code check happens only after the password was reset and sent")],
      ["logging-missing", "delivery-channel-unapproved", "credential-change-not-forced"])

r = Rec()
snow_incident(r, "INC0040031")
r.add("note", "other", "sets", text="Caller says they are the regional director and must get in before a board call.", label="bypass")
adm_reset(r, force=False)
r.add("note", "deliver", "commits", text="Read the new password out to the caller on the phone.", label="deliver")
snow_worknote(r, "INC0040031")
write("admanager-no-verify-read-aloud-faulty", "AD web console: urgent caller, no check, password read aloud, no forced change",
      "eval-admanager-no-verify-read-aloud", r,
      "Active Directory web console (ADManager Plus-like; ticket in ServiceNow)",
      "faulty: no verification at all, password read aloud, 'must change at next logon' set to No",
      ["adm", "adm2", "ncentral"],
      [("verification-missing", "access", "the reset has no verification before it"),
       ("verification-bypass", "bypass", "urgency and seniority stand in for the check that was skipped"),
       ("delivery-channel-unapproved", "deliver", "the secret is read aloud to an unverified caller"),
       ("credential-change-not-forced", "access", "'User must change password at next logon' was set to No"),
       ("confirmation-missing", None, "no check that the user can sign in")],
      ["verification-after-access", "logging-missing"])

# ---------------------------------------------------------------- Self-service verification portal (seed 002)
r = Rec()
snow_incident(r, "INC0050007")
imper_verify(r)
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT, label="exc")
okta_find(r)
r.add("click", "other", "opens", "button", "Reset password", label="menu")
r.add("select", "other", "sets", "radio", "Reset password", choice="Send a reset password email")
r.add("click", "access", "commits", "button", "Reset password", label="access")
r.add("note", "confirm", "commits", text="User reset the password from the e-mailed link and signed in.", label="confirm", gap=300000)
snow_worknote(r, "INC0050007")
write("ssp-sms-link-correct", "Verification link by SMS to the number of record, outcome Passed, then reset", "eval-ssp-sms-link-correct", r,
      "Self-service verification portal (imper.ai Helpdesk Verifications; reset in Okta; ticket in ServiceNow)", "correct",
      ["imper", "imper_ssp", "imper_agent", "okta_pw"], [],
      CORE_ERRORS + OTHER_ERRORS + ["verification-vague", "confirmation-missing", "credential-change-not-forced"])

r = Rec()
snow_incident(r, "INC0050019")
r.add("note", "intake", "sets", text="Caller says their old phone was lost and gave a new mobile number to use.")
r.at("imper.ai", "https://console.imper.ai/helpdesk/verifications", "Helpdesk Verifications - imper.ai")
r.add("open_tab", "other", "opens")
r.add("click", "other", "opens", "button", "Send verification link")
r.add("input", "intake", "sets", "searchbox", "User", field_kind="search")
r.add("click", "intake", "sets", "option", "[record]")
r.add("select", "other", "sets", "radio", "Send via", choice="SMS")
r.add("input", "other", "sets", "textbox", "Phone number", field_kind="tel", label="number")
r.add("click", "verify", "commits", "button", "Send link", label="send")
r.add("click", "other", "opens", "button", "Refresh", gap=180000)
r.add("click", "other", "opens", "row", "[record]")
r.add("mark", "verify", "commits", mark="verification", text="Verification outcome in the Helpdesk Verifications table: Passed.", label="verify")
r.add("mark", "escalate", "sets", mark="exception", text=EXC_TEXT)
okta_find(r)
r.add("click", "other", "opens", "button", "Reset password", label="menu")
r.add("select", "other", "sets", "radio", "Reset password", choice="Send a reset password email")
r.add("click", "access", "commits", "button", "Reset password", label="access")
r.add("note", "confirm", "commits", text="User signed in.", gap=300000)
snow_worknote(r, "INC0050019")
write("ssp-caller-supplied-number-faulty", "Verification link sent to a number the caller gave", "eval-ssp-caller-supplied-number", r,
      "Self-service verification portal (imper.ai Helpdesk Verifications; reset in Okta; ticket in ServiceNow)",
      "faulty: the verification link goes to a phone number supplied by the caller during the contact",
      ["imper", "imper_ssp", "okta_pw"],
      [("verification-caller-supplied-contact", "send", "the link is sent to a number typed in from the call, not one of record")],
      ["verification-missing", "verification-after-access", "logging-missing", "delivery-channel-unapproved"])

r = Rec()
snow_incident(r, "INC0050033")
imper_verify(r, passed="Timed Out")
r.add("note", "other", "sets", text="Caller is the CFO and travelling; manager vouched for them by chat, so went ahead.", label="bypass")
okta_find(r)
r.add("click", "other", "opens", "button", "Reset password", label="menu")
r.add("select", "other", "sets", "radio", "Reset password", choice="Create a temporary password")
r.add("click", "access", "commits", "button", "Reset password", label="access")
r.add("click", "other", "opens", "button", "Done")
r.add("note", "deliver", "commits", text="Temporary password sent by SMS to the mobile number of record.", label="deliver")
snow_worknote(r, "INC0050033")
write("ssp-timed-out-bypass-faulty", "Verification timed out; reset done anyway on a manager's word", "eval-ssp-timed-out-bypass", r,
      "Self-service verification portal (imper.ai Helpdesk Verifications; reset in Okta; ticket in ServiceNow)",
      "faulty: verification outcome Timed Out, reset performed anyway because of seniority and a third party vouching",
      ["imper", "imper_agent", "okta_tmp"],
      [("verification-bypass", "bypass", "seniority and a manager vouching replace a verification that timed out"),
       ("exception-failed-verification-missing", None, "the timed-out outcome is not routed to escalation"),
       ("confirmation-missing", None, "no check that the user can sign in")],
      ["verification-after-access", "logging-missing", "delivery-channel-unapproved"])

print("ok")
