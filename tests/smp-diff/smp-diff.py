#!/usr/bin/env python3
"""smp-diff: differential test of strategic merge patch, argolab vs kubectl.

Generates random resources (Pod, Deployment, and a custom resource with a
pod-like spec) and random strategic merge patches for them, builds the same
kustomization with `kubectl kustomize` and `argolab render`, and reports
every case where the two disagree: different bytes, or one fails while the
other succeeds (error messages are not compared).

Generated data covers containers and initContainers (env, ports,
volumeMounts, args, command, resources), volumes, tolerations,
imagePullSecrets, hostAliases, metadata finalizers/labels/annotations and
ownerReferences; patches use $patch: delete/replace/merge on maps, list
elements and lists, nulls (fields, elements, whole lists), duplicated
elements, elements without merge keys, new and existing elements, string
vs integer merge keys, occasional $retainKeys / $setElementOrder /
$deleteFromPrimitiveList keys and a top-level $patch: delete.

To be fast, cases are run in batches: one kustomization with many
resources and one patch file per resource.  When either tool fails on a
batch, it is split in halves until the failing cases are alone.  Each mismatch is saved under
--save-dir (default tests/smp-diff/cases/) as a self-contained
kustomization (kustomization.yaml, resource.yaml, patch.yaml,
kubectl.out, argolab.out) and, unless --no-minimize, reduced first by
deleting parts of the resource and patch while the mismatch persists.

Usage: tests/smp-diff/smp-diff.py [--cases N] [--seed S] [--batch B]
Exit status: 0 no mismatch (or kubectl missing), 1 mismatches, 2 usage.
"""
import argparse
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:  # PyYAML is needed to write the inputs
    yaml = None

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))

KINDS = [
    ("v1", "Pod", ("spec",)),
    ("apps/v1", "Deployment", ("spec", "template", "spec")),
    ("example.com/v1", "Widget", ("spec", "template", "spec")),
]


# ---------------------------------------------------------------------
# random data

class Gen:
    def __init__(self, rnd, resource_nulls=True):
        self.r = rnd
        self.resource_nulls = resource_nulls

    def p(self, prob):
        return self.r.random() < prob

    def pick(self, seq):
        return self.r.choice(seq)

    def n(self, lo, hi):
        return self.r.randint(lo, hi)

    # -- list elements ------------------------------------------------
    def env(self, patch):
        e = {}
        if not self.p(0.08):
            e["name"] = self.pick("ABCD")
        roll = self.r.random()
        if roll < 0.7:
            e["value"] = self.pick(["1", "2", "x", "", None] if patch else ["1", "2", "x", ""])
        elif roll < 0.85:
            e["valueFrom"] = {"fieldRef": {"fieldPath": self.pick(["metadata.name", "spec.nodeName"])}}
        if patch:
            e = self.directive_elem(e, "name")
        return e

    def port(self, patch):
        e = {"containerPort": self.pick([80, 81, 443])}
        if self.p(0.1):
            e["containerPort"] = str(e["containerPort"])  # string key value
        pr = self.pick([None, None, "TCP", "UDP"])
        if pr:
            e["protocol"] = pr
        if self.p(0.6):
            e["name"] = self.pick(["http", "alt", "tls"])
        if self.p(0.15):
            e["hostPort"] = self.pick([8080, 9090])
        if patch:
            if self.p(0.08):
                e = {"containerPort": e["containerPort"], "$patch": "delete"}
                if pr:
                    e["protocol"] = pr
            elif self.p(0.05):
                e["name"] = None
        return e

    def mount(self, patch):
        e = {"mountPath": self.pick(["/data", "/cfg", "/tmp"])}
        if self.p(0.9):
            e["name"] = self.pick(["data", "cfg", "scratch"])
        if self.p(0.3):
            e["readOnly"] = self.pick([True, False])
        if patch:
            e = self.directive_elem(e, "mountPath")
        return e

    def volume(self, patch):
        e = {}
        if not self.p(0.05):
            e["name"] = self.pick(["data", "cfg", "scratch"])
        src = self.pick(["emptyDir", "configMap", "secret", None])
        if src == "emptyDir":
            e["emptyDir"] = self.pick([{}, {"medium": "Memory"}])
        elif src == "configMap":
            e["configMap"] = {"name": self.pick(["c1", "c2"])}
        elif src == "secret":
            e["secret"] = {"secretName": self.pick(["s1", "s2"])}
        if patch:
            if self.p(0.08) and src:
                e[src] = None
            e = self.directive_elem(e, "name")
        return e

    def toleration(self, patch):
        e = {"key": self.pick(["k1", "k2"]), "operator": self.pick(["Exists", "Equal"])}
        if e["operator"] == "Equal":
            e["value"] = self.pick(["a", "b"])
        if self.p(0.3):
            e["effect"] = self.pick(["NoSchedule", "NoExecute"])
        return e

    def directive_elem(self, e, key):
        """Patch-only variations of a keyed list element."""
        roll = self.r.random()
        if roll < 0.08:
            d = {"$patch": "delete"}
            if key in e:
                d[key] = e[key]
            return d
        if roll < 0.11:
            e["$patch"] = self.pick(["replace", "merge"])
        return e

    def elems(self, fn, patch, lo, hi):
        out = [fn(patch) for _ in range(self.n(lo, hi))]
        if out and self.p(0.08):
            out.append(copy.deepcopy(self.pick(out)))  # duplicate element
        if patch and self.p(0.05):
            out.insert(self.n(0, len(out)), None)  # null element
        if patch and self.p(0.06):
            out.insert(self.n(0, len(out)),
                       {"$patch": self.pick(["replace", "replace", "delete", "merge"])})
        return out

    def strlist(self, words, lo, hi):
        return [self.pick(words) for _ in range(self.n(lo, hi))]

    # -- containers -------------------------------------------------------
    def container(self, patch, names):
        c = {}
        if not self.p(0.06):
            c["name"] = self.pick(names)
        if not patch or self.p(0.6):
            c["image"] = self.pick(["nginx:1", "nginx:2", "busybox", "envoy:3"])
        if self.p(0.35):
            c["args"] = self.strlist(["--a", "--b", "-v", "x"], 0, 3)
        if self.p(0.15):
            c["command"] = self.strlist(["sh", "-c", "run"], 1, 3)
        if self.p(0.5):
            c["env"] = self.elems(self.env, patch, 0, 3)
        if self.p(0.4):
            c["ports"] = self.elems(self.port, patch, 0, 3)
        if self.p(0.35):
            c["volumeMounts"] = self.elems(self.mount, patch, 0, 3)
        if self.p(0.2):
            c["resources"] = {"limits": {"cpu": self.pick(["100m", "1", 2])}}
            if self.p(0.5):
                c["resources"]["requests"] = {"memory": self.pick(["64Mi", "1Gi"])}
        if self.p(0.1):
            c["envFrom"] = [{"configMapRef": {"name": self.pick(["c1", "c2"])}}]
        if patch:
            roll = self.r.random()
            if roll < 0.08:
                d = {"$patch": "delete"}
                if "name" in c:
                    d["name"] = c["name"]
                return d
            if roll < 0.14:
                c["$patch"] = "replace"
            elif roll < 0.17:
                c["$patch"] = "merge"
            for f in ("image", "env", "args", "ports", "command", "resources"):
                if self.p(0.06):
                    c[f] = None
            if self.p(0.03):
                c["ports"] = {"containerPort": 80}  # wrong kind: a map for a list
        elif self.resource_nulls:
            if self.p(0.08):
                c["image"] = None
            if self.p(0.05):
                c["command"] = None
        return c

    def containers(self, patch, names):
        lo = 0 if patch else 1
        return self.elems(lambda pt: self.container(pt, names), patch, lo, 3)

    # -- pod spec --------------------------------------------------------
    def podspec(self, patch):
        s = {}
        if not patch or self.p(0.85):
            s["containers"] = self.containers(patch, ["app", "side", "log", "init"])
        if self.p(0.25):
            s["initContainers"] = self.containers(patch, ["init", "setup"])
        if self.p(0.4):
            s["volumes"] = self.elems(self.volume, patch, 0, 3)
        if self.p(0.3):
            s["tolerations"] = [self.toleration(patch) for _ in range(self.n(0, 2))]
        if self.p(0.15):
            s["imagePullSecrets"] = self.elems(
                lambda pt: {"name": self.pick(["r1", "r2"])}, patch, 0, 2)
        if self.p(0.1):
            s["hostAliases"] = [{"ip": self.pick(["10.0.0.1", "10.0.0.2"]),
                                 "hostnames": self.strlist(["a", "b"], 1, 2)}
                                for _ in range(self.n(0, 2))]
        if self.p(0.2):
            s["serviceAccountName"] = self.pick(["sa1", "sa2"])
        if self.p(0.15):
            s["nodeSelector"] = {"zone": self.pick(["a", "b"])}
        if patch:
            if self.p(0.04):
                s["$patch"] = "replace"
            for f in ("volumes", "tolerations", "initContainers", "containers"):
                if self.p(0.04):
                    s[f] = None
            if self.p(0.02):
                s["$retainKeys"] = ["containers"]
        return s

    def metadata(self, name, patch):
        m = {"name": name}
        if not patch or self.p(0.4):
            m["finalizers"] = self.r.sample(["f1", "f2", "f3", "f4"], self.n(0, 3))
            if patch and self.p(0.1):
                m["finalizers"].append(self.pick(m["finalizers"] or ["f1"]))
            if patch and self.p(0.04):
                m["finalizers"] = None
        if self.p(0.3):
            m["labels"] = {self.pick(["a", "b", "c"]): self.pick(["1", "2"])
                           for _ in range(self.n(1, 2))}
            if patch and self.p(0.2):
                m["labels"][self.pick(["a", "b", "c"])] = None
        if self.p(0.2):
            m["annotations"] = {"note": self.pick(["x", "y", "multi\nline"])}
        if self.p(0.1):
            m["ownerReferences"] = [{"apiVersion": "v1", "kind": "Thing",
                                     "name": self.pick(["o1", "o2"]),
                                     "uid": self.pick(["u1", "u2"])}
                                    for _ in range(self.n(1, 2))]
        if patch and self.p(0.02):
            m["$deleteFromPrimitiveList/finalizers"] = ["f1"]
        if patch and self.p(0.02):
            m["$setElementOrder/finalizers"] = ["f2", "f1"]
        return m

    def obj(self, kind_ix, name, patch):
        api, kind, path = KINDS[kind_ix]
        o = {"apiVersion": api, "kind": kind, "metadata": self.metadata(name, patch)}
        spec = self.podspec(patch)
        if path == ("spec",):
            o["spec"] = spec
        else:
            o["spec"] = {"template": {"spec": spec}}
            if self.p(0.4):
                o["spec"]["template"]["metadata"] = {
                    "labels": {"app": self.pick(["a", "b"])}}
            if self.p(0.4):
                o["spec"]["replicas"] = self.pick([1, 2, None] if patch else [1, 2])
            if patch and self.p(0.03):
                o["spec"]["template"]["$patch"] = "replace"
        if patch and self.p(0.02):
            o["$patch"] = "delete"
        return o


def make_case(g, ix):
    kind = g.n(0, len(KINDS) - 1)
    name = "r%d" % ix
    res = g.obj(kind, name, False)
    patches = [g.obj(kind, name, True)]
    if g.p(0.1):
        patches.append(g.obj(kind, name, True))  # a second patch, in order
    return {"id": ix, "resource": res, "patches": patches}


# ---------------------------------------------------------------------
# running the tools

def dump(v):
    return yaml.safe_dump(v, default_flow_style=False, sort_keys=False)


def write_case_files(d, cases):
    res_files, patch_files = [], []
    for c in cases:
        rf = "r%d.yaml" % c["id"]
        with open(os.path.join(d, rf), "w") as f:
            f.write(dump(c["resource"]))
        res_files.append(rf)
        for j, p in enumerate(c["patches"]):
            pf = "p%d_%d.yaml" % (c["id"], j)
            with open(os.path.join(d, pf), "w") as f:
                f.write(dump(p))
            patch_files.append(pf)
    with open(os.path.join(d, "kustomization.yaml"), "w") as f:
        f.write("resources:\n")
        for rf in res_files:
            f.write("- %s\n" % rf)
        f.write("patches:\n")
        for pf in patch_files:
            f.write("- path: %s\n" % pf)


def run(cmd, d, timeout=120):
    try:
        p = subprocess.run(cmd + [d], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return 124, "", "timeout"
    return p.returncode, p.stdout, p.stderr


class Tools:
    def __init__(self, argolab):
        self.argolab = argolab
        self.runs = 0

    def both(self, d):
        self.runs += 1
        k = run(["kubectl", "kustomize"], d)
        a = run([self.argolab, "render"], d)
        return k, a


def verdict(k, a):
    """None when the tools agree, else a short description."""
    kok, aok = k[0] == 0, a[0] == 0
    if kok and aok:
        return None if k[1] == a[1] else "output differs"
    if not kok and not aok:
        return None
    if kok:
        return "argolab fails, kubectl succeeds"
    return "kubectl fails, argolab succeeds"


def split_docs(text):
    """Documents of a kustomize output stream, keyed by metadata.name."""
    out = {}
    for chunk in ("\n" + text).split("\n---\n"):
        chunk = chunk.lstrip("\n")
        if not chunk:
            continue
        try:
            name = yaml.safe_load(chunk)["metadata"]["name"]
        except Exception:
            name = None
        out[name] = chunk if chunk.endswith("\n") else chunk + "\n"
    return out


def run_cases(tools, cases, workdir):
    """Runs cases as one kustomization; returns (case, why, k, a) list or
    None when the batch must be split (a tool failed)."""
    d = tempfile.mkdtemp(dir=workdir)
    try:
        write_case_files(d, cases)
        k, a = tools.both(d)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    why = verdict(k, a)
    if len(cases) == 1:
        return [(cases[0], why, k, a)] if why else []
    if k[0] != 0 or a[0] != 0:
        return None
    if why is None:
        return []
    kd, ad = split_docs(k[1]), split_docs(a[1])
    bad = []
    for c in cases:
        n = c["resource"]["metadata"]["name"]
        if kd.get(n) != ad.get(n):
            bad.append(c)
    if not bad:  # same documents, different order: rerun alone
        return None
    out = []
    for c in bad:
        out.extend(run_cases(tools, [c], workdir))
    return out


def check(tools, cases, workdir):
    """All disagreements among cases: the batch at once, then halves of
    it when a tool fails on the whole batch."""
    r = run_cases(tools, cases, workdir)
    if r is not None:
        return r
    half = len(cases) // 2
    return check(tools, cases[:half], workdir) + check(tools, cases[half:], workdir)


# ---------------------------------------------------------------------
# minimizing

PROTECTED = [("apiVersion",), ("kind",), ("metadata",), ("metadata", "name")]


def paths(v, prefix=()):
    """Every removable position, deepest first."""
    out = []
    if isinstance(v, dict):
        for k in list(v.keys()):
            out.extend(paths(v[k], prefix + (k,)))
            out.append(prefix + (k,))
    elif isinstance(v, list):
        for i in range(len(v) - 1, -1, -1):
            out.extend(paths(v[i], prefix + (i,)))
            out.append(prefix + (i,))
    return out


def without(v, path):
    v = copy.deepcopy(v)
    cur = v
    for p in path[:-1]:
        cur = cur[p]
    del cur[path[-1]]
    return v


def minimize(tools, case, why, workdir, budget=300):
    """Greedy deletion of parts of the resource and the patches while the
    same kind of disagreement remains: passes over every position, deepest
    first, until a pass removes nothing."""
    best = copy.deepcopy(case)

    def still(cand):
        r = run_cases(tools, [cand], workdir)
        return bool(r) and r[0][1] == why

    tries = 0
    changed = True
    while changed and tries < budget:
        changed = False
        for i in range(len(best["patches"]) - 1, -1, -1):
            if len(best["patches"]) > 1 and tries < budget:
                cand = copy.deepcopy(best)
                del cand["patches"][i]
                tries += 1
                if still(cand):
                    best = cand
                    changed = True
        docs = [(None)] + list(range(len(best["patches"])))
        for i in docs:
            v = best["resource"] if i is None else best["patches"][i]
            for path in paths(v):
                if path in PROTECTED or tries >= budget:
                    continue
                try:
                    nv = without(v, path)
                except (KeyError, IndexError, TypeError):
                    continue
                cand = copy.deepcopy(best)
                if i is None:
                    cand["resource"] = nv
                else:
                    cand["patches"][i] = nv
                tries += 1
                if still(cand):
                    best = cand
                    v = nv
                    changed = True
    return best


# ---------------------------------------------------------------------
# classifying: does a mismatch go away when a known trigger is removed?

def strip_null_values(v):
    if isinstance(v, dict):
        return {k: strip_null_values(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [strip_null_values(x) for x in v]
    return v


def strip_null_elements(v):
    if isinstance(v, dict):
        return {k: strip_null_elements(x) for k, x in v.items()}
    if isinstance(v, list):
        return [strip_null_elements(x) for x in v if x is not None]
    return v


def cls_resource_nulls(c):
    c["resource"] = strip_null_values(c["resource"])
    return c


def cls_patch_null_elements(c):
    c["patches"] = [strip_null_elements(p) for p in c["patches"]]
    return c


def cls_nulls_from_earlier_patch(c):
    if len(c["patches"]) < 2:
        return None
    c["patches"] = [strip_null_values(p) for p in c["patches"][:-1]] + c["patches"][-1:]
    return c


def unquote_ambiguous(v):
    """Strings that YAML would read as something else ("1", "true", "")
    get a suffix, so they are written without quotes."""
    if isinstance(v, dict):
        return {k: unquote_ambiguous(x) for k, x in v.items()}
    if isinstance(v, list):
        return [unquote_ambiguous(x) for x in v]
    if isinstance(v, str) and (v == "" or not isinstance(yaml.safe_load(v), str)):
        return v + "z"
    return v


def cls_quoted_resource_scalars(c):
    c["resource"] = unquote_ambiguous(c["resource"])
    return c


# (name, transform, what it means); the first that makes the tools agree
KNOWN = [
    ("resource-nulls", cls_resource_nulls,
     "null values in the resource: kubectl keeps them, argolab drops them"),
    ("patch-null-elements", cls_patch_null_elements,
     "null elements in a patch list (seen with ports, merged on two keys)"),
    ("nulls-via-earlier-patch", cls_nulls_from_earlier_patch,
     "a null set by an earlier patch, dropped when a later patch applies"),
    ("quoted-scalar-type", cls_quoted_resource_scalars,
     "a quoted string in the resource replaced by a plain non-string: "
     "kubectl keeps the quotes, so the result is a string"),
]


def classify(tools, case, workdir):
    """The known cause whose removal makes the tools agree; "several"
    when only removing all of them does; None when that does not either."""
    for name, fn, _ in KNOWN:
        cand = fn(copy.deepcopy(case))
        if cand is None:
            continue
        if not run_cases(tools, [cand], workdir):
            return name
    cand = copy.deepcopy(case)
    for name, fn, _ in KNOWN:
        cand = fn(cand) or cand
    if not run_cases(tools, [cand], workdir):
        return "several"
    return None


def save_case(save_dir, case, why, k, a, seed):
    d = os.path.join(save_dir, "seed%d-case%d" % (seed, case["id"]))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "resource.yaml"), "w") as f:
        f.write(dump(case["resource"]))
    names = []
    for j, p in enumerate(case["patches"]):
        pf = "patch.yaml" if j == 0 else "patch%d.yaml" % (j + 1)
        names.append(pf)
        with open(os.path.join(d, pf), "w") as f:
            f.write(dump(p))
    with open(os.path.join(d, "kustomization.yaml"), "w") as f:
        f.write("# %s (smp-diff.py --seed %d, case %d)\n" % (why, seed, case["id"]))
        f.write("resources:\n- resource.yaml\npatches:\n")
        for pf in names:
            f.write("- path: %s\n" % pf)
    for name, r in (("kubectl.out", k), ("argolab.out", a)):
        with open(os.path.join(d, name), "w") as f:
            f.write(r[1] if r[0] == 0 else "exit %d\n%s" % (r[0], r[2]))
    return d


# ---------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=50,
                    help="cases per kustomization (1: one build per case)")
    ap.add_argument("--argolab", default=os.path.join(TOP, "bin", "argolab"))
    ap.add_argument("--save-dir", default=os.path.join(HERE, "cases"))
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--no-minimize", action="store_true")
    ap.add_argument("--no-classify", action="store_true",
                    help="do not sort mismatches into known causes")
    ap.add_argument("--max-report", type=int, default=20,
                    help="show and save at most this many mismatches")
    ap.add_argument("--max-minimize", type=int, default=8,
                    help="minimize only the first N mismatches shown")
    ap.add_argument("--no-resource-nulls", action="store_true",
                    help="no null fields in resources (they hide other mismatches)")
    ap.add_argument("-v", "--verbose", action="store_true")
    o = ap.parse_args()

    if shutil.which("kubectl") is None:
        print("smp-diff: kubectl not found in PATH; nothing to compare against, skipping")
        return 0
    if yaml is None:
        print("smp-diff: PyYAML (python3-yaml) is needed", file=sys.stderr)
        return 2
    if not os.access(o.argolab, os.X_OK):
        print("smp-diff: %s not found; run 'make' first" % o.argolab, file=sys.stderr)
        return 2

    workdir = tempfile.mkdtemp(prefix="smp-diff.")
    # a private copy: the binary may be rebuilt while we run
    argolab = os.path.join(workdir, "argolab")
    shutil.copy2(o.argolab, argolab)
    version = subprocess.run([argolab, "--version"], capture_output=True,
                             text=True).stdout.strip()
    kversion = subprocess.run(["kubectl", "version", "--client"], capture_output=True,
                              text=True).stdout.strip().replace("\n", ", ")
    print("smp-diff: %s vs kubectl (%s)" % (version, kversion))
    tools = Tools(argolab)
    g = Gen(random.Random(o.seed), resource_nulls=not o.no_resource_nulls)
    cases = [make_case(g, i) for i in range(o.cases)]
    found = []
    classes = {}
    try:
        for s in range(0, len(cases), o.batch):
            batch = cases[s:s + o.batch]
            r = check(tools, batch, workdir)
            for c, why, k, a in r:
                found.append((c, why, k, a))
            if o.verbose:
                print("smp-diff: %d/%d cases, %d mismatches" %
                      (min(s + o.batch, len(cases)), len(cases), len(found)),
                      file=sys.stderr)
        classes = {}
        if not o.no_classify:
            for c, why, k, a in found:
                c["class"] = classify(tools, c, workdir)
                classes[c["class"]] = classes.get(c["class"], 0) + 1
            # the unexplained ones first
            found.sort(key=lambda f: (f[0]["class"] is not None, f[0]["id"]))
        for n, (c, why, k, a) in enumerate(found):
            if n >= o.max_report:
                print("smp-diff: ... %d more mismatches not shown" % (len(found) - n))
                break
            if c.get("class"):
                why = why + " [known: %s]" % c["class"]
            if not o.no_minimize and n < o.max_minimize:
                plain_why = why.split(" [")[0]
                c = minimize(tools, c, plain_why, workdir)
                r = run_cases(tools, [c], workdir)
                if r:
                    _, w, k, a = r[0]
                    why = why.replace(plain_why, w)
            where = ""
            if not o.no_save:
                where = " -> " + os.path.relpath(save_case(o.save_dir, c, why, k, a, o.seed))
            print("MISMATCH case %d: %s%s" % (c["id"], why, where))
            print("  resource: %s" % json.dumps(c["resource"], sort_keys=True))
            for p in c["patches"]:
                print("  patch:    %s" % json.dumps(p, sort_keys=True))
            for name, r in (("kubectl", k), ("argolab", a)):
                text = r[1] if r[0] == 0 else "exit %d: %s" % (r[0], r[2].strip()[-300:])
                print("  %s:\n    %s" % (name, text.rstrip("\n").replace("\n", "\n    ")))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("smp-diff: %d cases (seed %d), %d builds per tool, %d mismatches" %
          (len(cases), o.seed, tools.runs, len(found)))
    for name, _, what in KNOWN + [("several", None, "more than one of these")]:
        if classes.get(name):
            print("  %4d %s: %s" % (classes[name], name, what))
    if classes.get(None):
        print("  %4d not explained by a known cause (shown first)" % classes[None])
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
