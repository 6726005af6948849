package io.cynodeai.connector.sandbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The seccomp filter bwrap loads for a child ({@code --seccomp FD}), as a classic BPF program: on x86-64 only; every
 * other architecture (including 32-bit system calls from a 64-bit process) and the x32 ABI are refused; the system
 * calls a connector has no business making fail with {@code EPERM} — namespaces ({@code unshare}, {@code setns},
 * {@code clone} with a namespace flag), mounts, {@code ptrace} and cross-process memory access, kernel modules,
 * {@code kexec}, {@code bpf}, {@code perf_event_open}, keyrings, {@code userfaultfd}, {@code io_uring}, file
 * handles, clock, host name, swap, reboot, {@code acct}, {@code syslog}, I/O ports — and {@code clone3}, whose flags
 * a filter cannot read, fails with {@code ENOSYS} so that the C library falls back to {@code clone}. Everything else
 * is allowed: this narrows the kernel's attack surface, it is not an allowlist. Thread-safe.
 */
final class SeccompFilter {
  private static final int LD_W_ABS = 0x20;
  private static final int JEQ_K = 0x15;
  private static final int JGE_K = 0x35;
  private static final int JSET_K = 0x45;
  private static final int RET_K = 0x06;
  private static final int AUDIT_ARCH_X86_64 = 0xC000003E;
  private static final int X32_SYSCALL_BIT = 0x40000000;
  private static final int RET_ALLOW = 0x7FFF0000;
  private static final int RET_EPERM = 0x00050000 | 1;
  private static final int RET_ENOSYS = 0x00050000 | 38;
  private static final int SYS_CLONE = 56;
  private static final int SYS_CLONE3 = 435;
  /** CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET. */
  private static final int CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000
      | 0x20000000 | 0x40000000;
  /** The refused system calls, by their x86-64 numbers. */
  private static final int[] REFUSED = {
      101, 310, 311, // ptrace, process_vm_readv, process_vm_writev
      165, 166, 155, 161, // mount, umount2, pivot_root, chroot
      428, 429, 430, 431, 432, 433, 442, // open_tree, move_mount, fsopen, fsconfig, fsmount, fspick, mount_setattr
      272, 308, // unshare, setns
      175, 176, 313, 246, 320, // init_module, delete_module, finit_module, kexec_load, kexec_file_load
      321, 298, 323, // bpf, perf_event_open, userfaultfd
      248, 249, 250, // add_key, request_key, keyctl
      425, 426, 427, // io_uring_setup, io_uring_enter, io_uring_register
      303, 304, // name_to_handle_at, open_by_handle_at
      159, 164, 227, 305, // adjtimex, settimeofday, clock_settime, clock_adjtime
      170, 171, 167, 168, 169, // sethostname, setdomainname, swapon, swapoff, reboot
      163, 103, 134, 153, 172, 173, 179, 212, // acct, syslog, uselib, vhangup, iopl, ioperm, quotactl, lookup_dcookie
  };

  private static volatile @Nullable Path written;

  private SeccompFilter() {}

  /** The filter's file (written once per JVM, readable by its owner only), or empty where none is offered. */
  static synchronized Optional<Path> file() {
    if (!System.getProperty("os.arch", "").equals("amd64")) {
      return Optional.empty();
    }
    if (written == null) {
      try {
        Path f = Files.createTempFile("connector-sandbox-seccomp-", ".bpf",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(f, program());
        f.toFile().deleteOnExit();
        written = f;
      } catch (IOException | UnsupportedOperationException e) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(written);
  }

  /** The BPF program: {@code struct sock_filter} entries in the machine's byte order. */
  static byte[] program() {
    List<int[]> p = new ArrayList<>(); // {code, jt, jf, k}; jt/jf: -1 allow, -2 EPERM, -3 ENOSYS, else an offset
    p.add(new int[] {LD_W_ABS, 0, 0, 4});
    p.add(new int[] {JEQ_K, 1, 0, AUDIT_ARCH_X86_64});
    p.add(new int[] {RET_K, 0, 0, RET_EPERM});
    p.add(new int[] {LD_W_ABS, 0, 0, 0});
    p.add(new int[] {JGE_K, -2, 0, X32_SYSCALL_BIT});
    for (int nr : REFUSED) {
      p.add(new int[] {JEQ_K, -2, 0, nr});
    }
    p.add(new int[] {JEQ_K, -3, 0, SYS_CLONE3});
    p.add(new int[] {JEQ_K, 0, -1, SYS_CLONE});
    p.add(new int[] {LD_W_ABS, 0, 0, 16}); // the low word of clone's flags
    p.add(new int[] {JSET_K, -2, -1, CLONE_NAMESPACE_FLAGS});
    int allow = p.size();
    p.add(new int[] {RET_K, 0, 0, RET_ALLOW});
    p.add(new int[] {RET_K, 0, 0, RET_EPERM});
    p.add(new int[] {RET_K, 0, 0, RET_ENOSYS});
    ByteBuffer out = ByteBuffer.allocate(p.size() * 8).order(ByteOrder.nativeOrder());
    for (int i = 0; i < p.size(); i++) {
      int[] in = p.get(i);
      out.putShort((short) in[0]);
      out.put((byte) jump(in[1], i, allow));
      out.put((byte) jump(in[2], i, allow));
      out.putInt(in[3]);
    }
    return out.array();
  }

  private static int jump(int target, int at, int allow) {
    int offset = target >= 0 ? target : allow + (-target - 1) - (at + 1);
    if (offset < 0 || offset > 255) {
      throw new IllegalStateException("a seccomp jump out of range");
    }
    return offset;
  }
}
