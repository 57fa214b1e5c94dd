namespace Hpc.Proxy.Cluster;

/// <summary>What an isle runs as.</summary>
internal enum IsleTarget
{
    /// <summary>A hosted isle: a pinned, confined Linux process ("process").</summary>
    Process,

    /// <summary>A metal isle in a QEMU virtual machine without hardware acceleration ("qemu").</summary>
    Qemu,

    /// <summary>A metal isle in a KVM-accelerated virtual machine ("kvm").</summary>
    Kvm,
}
