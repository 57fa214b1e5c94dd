namespace Hpc.Proxy.Running.Metal;

/// <summary>
/// QEMU's words when KVM cannot run a plain guest. Seen on this project's machines: a PVM-style <c>/dev/kvm</c>
/// (the host kernel log says <c>kvm-pvm</c>) runs only paravirtualised guests, and a plain guest stops at its first
/// SSE instruction with "KVM internal error. Suberror: 1 … emulation failure", after which QEMU pauses the VM and
/// waits; another such KVM refuses QEMU's MSR set-up ("failed to set MSR … kvm_buf_set_msrs: Assertion") and QEMU
/// aborts. Either way the job must end in seconds, saying that <c>--target qemu</c> works.
/// </summary>
internal static class KvmFailure
{
    /// <summary>Fragments of QEMU's output that mean KVM cannot run this guest.</summary>
    private static readonly string[] s_fatal =
    [
        "KVM internal error",
        "emulation failure",
        "kvm_buf_set_msrs",
        "failed to set MSR",
        "KVM_RUN failed",
        "kvm_init_vcpu failed",
        "failed to initialize kvm",
        "Could not access KVM kernel module",
    ];

    /// <summary>True when <paramref name="line"/> (a line of QEMU's output) says KVM cannot run the guest.</summary>
    public static bool IsFatal(string line) => s_fatal.Any(f => line.Contains(f, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one-line cause for the job's failure.</summary>
    public static string Message(int isle, string qemuSaid) =>
        $"isle {isle}: KVM cannot run this guest on this host (QEMU: {Shorten(qemuSaid)}); this /dev/kvm may run only paravirtualised guests (a PVM host: dmesg shows kvm-pvm). --target qemu runs the same image under TCG";

    /// <summary>QEMU's line, cut to a readable length.</summary>
    private static string Shorten(string text) => text.Length <= 160 ? text : text[..157] + "...";
}
