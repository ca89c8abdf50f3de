"""A small tmpfs mounted for one test (the tests run as root): a disk that fills up on purpose."""
import contextlib
import pathlib
import subprocess


@contextlib.contextmanager
def tmpfs(mount_point: pathlib.Path, size: str):
    """Mounts a tmpfs of `size` (mount's spelling: 96k, 4m) at `mount_point`, owner-only; unmounts it on the way out."""
    mount_point.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        # Lazily: a process the test failed to stop may still hold files there.
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def grow(mount_point: pathlib.Path, size: str):
    """Makes room on a mounted tmpfs without unmounting it."""
    subprocess.run(["mount", "-o", f"remount,size={size}", str(mount_point)], check=True)
