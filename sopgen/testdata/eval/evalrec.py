"""Helpers shared by the evaluation recording builders (recordings/,
heldout/, heldout2/, heldout3/): Rec collects a recording's steps, each with
the kind and effect it is expected to read as, and writer() makes the
function that writes NAME.json and NAME.expect.json. Each set's steps and
expectations stay in its own build script.
"""
import json, os


class Rec:
    """Collects steps; each step carries its expected kind and effect."""

    def __init__(self):
        self.steps, self.kinds, self.labels = [], [], {}
        self.t = 0
        self.ctx = {}

    def at(self, app=None, url=None, page=None):
        self.ctx = {k: v for k, v in (("app", app), ("url", url), ("page", page)) if v}

    def add(self, action, kind, effect, role=None, name=None, label=None, gap=2500, **kw):
        self.t += gap
        s = {"t": self.t, "action": action}
        s.update(self.ctx)
        if role is not None:
            s["target"] = {"role": role, "name": name} if name is not None else {"role": role}
        for k in ("choice", "field_kind", "text", "mark"):
            if k in kw:
                s[k] = kw[k]
        if action in ("note", "mark"):
            for k in ("app", "url", "page"):
                s.pop(k, None)
        self.steps.append(s)
        self.kinds.append({"step": len(self.steps) - 1, "kind": kind, "effect": effect})
        if label:
            self.labels[label] = len(self.steps) - 1
        return self

    def i(self, label):
        return self.labels[label]


def writer(here, sources, id_prefix, stamp, browser="Chrome 131", timezone="Europe/London",
           role="service desk agent"):
    """Returns write(name, ...) for one set: where its files go, the pages
    its sidecars cite (sources), and its recordings' id prefix, recorded_at
    pattern (stamp, with %02d for the minute) and context."""
    def write(name, title, workflow, rec, console, variant, srcs, findings, absent,
              role=role, browser=browser):
        doc = {
            "schema": "stepwise/recording@1",
            "id": id_prefix + name,
            "workflow": workflow,
            "title": title,
            "recorded_at": stamp % (len(name) % 60),
            "recorder": {"name": "stepwise-extension", "version": "1.4.2"},
            "actor": {"role": role},
            "context": {"browser": browser, "os": "Windows 11", "locale": "en-GB", "timezone": timezone},
            "steps": rec.steps,
        }
        exp = {
            "source": [sources[s] for s in srcs],
            "console": console,
            "variant": variant,
            "findings": [{"rule": r, "step": (rec.i(l) if l else None), "why": w} for r, l, w in findings],
            "absent": absent,
            "kinds": rec.kinds,
        }
        with open(os.path.join(here, name + ".json"), "w") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")
        with open(os.path.join(here, name + ".expect.json"), "w") as f:
            json.dump(exp, f, indent=2, ensure_ascii=False)
            f.write("\n")
    return write
