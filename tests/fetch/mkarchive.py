#!/usr/bin/env python3
"""mkarchive.py: release-archive fixtures for the fetch tests.

Usage:
  mkarchive.py OUT DIR [--prefix P]
      Pack the files under DIR into OUT, each named P/<path relative to
      DIR> (no prefix: <path> alone), the way a release tarball holds a
      top directory "project-1.2.3/".  Directories get entries of their
      own, symbolic links are stored as links (not followed).  The output
      is deterministic: sorted entries, a fixed mtime, owner 0:0 with no
      names, modes 0644/0755, no gzip name or time.

  mkarchive.py OUT --hostile KIND
      Write a small archive that argolab must refuse as a whole.  Each
      holds a harmless "pkg/kustomization.yaml" first, so that a fetch of
      the subtree "pkg" shows the hostile entry outside or inside it is
      still refused.  KIND:
        dotdot           entry "../evil.yaml"
        absolute         entry "/etc/evil.yaml"
        symlink-escape   "pkg/link.yaml" -> "../../etc/passwd"
        hardlink-escape  "pkg/hard.yaml" hard link to "../../etc/passwd"
                         (tar only: zip has no hard links)
        device           "pkg/null", character device 1,3
                         (tar only: zip has no device entries)
        bomb             "zeros.bin": 1.25 GiB of zeros in a 1.3 MB file,
                         outside "pkg" (bytes that are not kept still
                         count).  The data is streamed through the
                         compressor: about 6 s and 20 MB of memory.
                         Under argolab's default limits the 256 MiB
                         limit for one file stops it first.  (2 GiB took
                         10 s or more here, most of it in zlib itself.)

The format comes from OUT's name: .tar.gz or .tgz (gzip-compressed tar,
pax format), .tar (plain) or .zip (deflate).  Exit status 2 on a usage
error.  Python 3 standard library only.
"""

import argparse
import gzip
import io
import os
import stat
import sys
import tarfile
import zipfile

MTIME = 1700000000  # 2023-11-14T22:13:20Z
ZIP_TIME = (2023, 11, 14, 22, 13, 20)
BOMB_SIZE = 5 << 28  # 1.25 GiB
CHUNK = 1 << 20
KINDS = ("dotdot", "absolute", "symlink-escape", "hardlink-escape", "device", "bomb")
BENIGN = ("pkg/kustomization.yaml", b"resources: []\n")


def usage(msg):
    sys.stderr.write("mkarchive.py: %s\n" % msg)
    sys.exit(2)


def format_of(out):
    for ext, fmt in ((".tar.gz", "tgz"), (".tgz", "tgz"), (".tar", "tar"), (".zip", "zip")):
        if out.endswith(ext):
            return fmt
    usage("cannot tell the format of '%s' (name it .tar.gz, .tgz, .tar or .zip)" % out)
    return None


class Zeros(io.RawIOBase):
    """n zero bytes, read in pieces."""

    def __init__(self, n):
        super().__init__()
        self.left = n

    def readable(self):
        return True

    def read(self, n=-1):
        if n is None or n < 0 or n > self.left:
            n = self.left
        self.left -= n
        return bytes(n)


class Writer:
    """One interface over tarfile and zipfile for the entries we write."""

    def __init__(self, out, fmt):
        self.fmt = fmt
        self.raw = open(out, "wb")
        self.gz = None
        if fmt == "zip":
            self.zip = zipfile.ZipFile(self.raw, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
            return
        dst = self.raw
        if fmt == "tgz":
            self.gz = gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, compresslevel=9, mtime=0)
            dst = self.gz
        # "w", not the stream mode "w|": both write straight through, but
        # the stream mode copies in 10 KiB blocks and is twice as slow
        self.tar = tarfile.open(fileobj=dst, mode="w", format=tarfile.PAX_FORMAT)
        self.tar.copybufsize = CHUNK

    def tarinfo(self, name, kind, mode):
        ti = tarfile.TarInfo(name)
        ti.type = kind
        ti.mode = mode
        ti.mtime = MTIME
        ti.uid = ti.gid = 0
        ti.uname = ti.gname = ""
        return ti

    def zipinfo(self, name, mode):
        zi = zipfile.ZipInfo(name, ZIP_TIME)
        zi.create_system = 3  # unix: the mode below is read
        zi.external_attr = (mode & 0xFFFF) << 16
        zi.compress_type = zipfile.ZIP_DEFLATED
        return zi

    def directory(self, name, mode=0o755):
        if self.fmt == "zip":
            zi = self.zipinfo(name + "/", stat.S_IFDIR | mode)
            zi.external_attr |= 0x10  # MS-DOS directory bit
            self.zip.writestr(zi, b"")
        else:
            self.tar.addfile(self.tarinfo(name, tarfile.DIRTYPE, mode))

    def file(self, name, data, mode=0o644):
        if self.fmt == "zip":
            self.zip.writestr(self.zipinfo(name, stat.S_IFREG | mode), data, compresslevel=9)
        else:
            ti = self.tarinfo(name, tarfile.REGTYPE, mode)
            ti.size = len(data)
            self.tar.addfile(ti, io.BytesIO(data))

    def zeros(self, name, size):
        if self.fmt == "zip":
            zi = self.zipinfo(name, stat.S_IFREG | 0o644)
            zi.file_size = size
            with self.zip.open(zi, "w", force_zip64=True) as f:
                left = size
                block = bytes(CHUNK)
                while left:
                    n = min(left, CHUNK)
                    f.write(block if n == CHUNK else block[:n])
                    left -= n
        else:
            ti = self.tarinfo(name, tarfile.REGTYPE, 0o644)
            ti.size = size
            self.tar.addfile(ti, Zeros(size))

    def symlink(self, name, target):
        if self.fmt == "zip":
            # a unix zip stores the target as the entry's data
            self.zip.writestr(self.zipinfo(name, stat.S_IFLNK | 0o777), target.encode())
        else:
            ti = self.tarinfo(name, tarfile.SYMTYPE, 0o777)
            ti.linkname = target
            self.tar.addfile(ti)

    def hardlink(self, name, target):
        if self.fmt == "zip":
            usage("zip has no hard links: write the hardlink-escape archive as .tar.gz or .tar")
        ti = self.tarinfo(name, tarfile.LNKTYPE, 0o644)
        ti.linkname = target
        self.tar.addfile(ti)

    def chardev(self, name, major, minor):
        if self.fmt == "zip":
            usage("zip has no device entries: write the device archive as .tar.gz or .tar")
        ti = self.tarinfo(name, tarfile.CHRTYPE, 0o644)
        ti.devmajor, ti.devminor = major, minor
        self.tar.addfile(ti)

    def close(self):
        if self.fmt == "zip":
            self.zip.close()
        else:
            self.tar.close()
            if self.gz:
                self.gz.close()
        self.raw.close()


def pack(w, top, prefix):
    prefix = prefix.strip("/")
    if prefix:
        parts = prefix.split("/")
        for i in range(len(parts)):
            w.directory("/".join(parts[: i + 1]))

    def name(rel):
        return prefix + "/" + rel if prefix else rel

    def walk(rel):
        d = os.path.join(top, rel) if rel else top
        for entry in sorted(os.listdir(d)):
            r = rel + "/" + entry if rel else entry
            p = os.path.join(d, entry)
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                w.symlink(name(r), os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                w.directory(name(r))
                walk(r)
            elif stat.S_ISREG(st.st_mode):
                with open(p, "rb") as f:
                    data = f.read()
                w.file(name(r), data, 0o755 if st.st_mode & 0o111 else 0o644)
            else:
                usage("'%s' is not a file, directory or symbolic link" % p)

    walk("")


def hostile(w, kind):
    w.directory("pkg")
    w.file(*BENIGN)
    if kind == "dotdot":
        w.file("../evil.yaml", b"kind: Evil\n")
    elif kind == "absolute":
        w.file("/etc/evil.yaml", b"kind: Evil\n")
    elif kind == "symlink-escape":
        w.symlink("pkg/link.yaml", "../../etc/passwd")
    elif kind == "hardlink-escape":
        w.hardlink("pkg/hard.yaml", "../../etc/passwd")
    elif kind == "device":
        w.chardev("pkg/null", 1, 3)
    elif kind == "bomb":
        w.zeros("zeros.bin", BOMB_SIZE)


def main():
    ap = argparse.ArgumentParser(description="write release-archive fixtures (see the header comment)")
    ap.add_argument("out")
    ap.add_argument("dir", nargs="?")
    ap.add_argument("--prefix", default="")
    ap.add_argument("--hostile", choices=KINDS)
    a = ap.parse_args()
    fmt = format_of(a.out)
    if (a.dir is None) == (a.hostile is None):
        usage("give either DIR or --hostile KIND")
    if a.hostile in ("hardlink-escape", "device") and fmt == "zip":
        usage("zip has no %s: write this archive as .tar.gz or .tar"
              % ("hard links" if a.hostile == "hardlink-escape" else "device entries"))
    if a.dir is not None and not os.path.isdir(a.dir):
        usage("'%s' is not a directory" % a.dir)
    w = Writer(a.out, fmt)
    try:
        if a.hostile:
            hostile(w, a.hostile)
        else:
            pack(w, a.dir, a.prefix)
        w.close()
    except BaseException:
        w.raw.close()
        os.unlink(a.out)
        raise


if __name__ == "__main__":
    main()
