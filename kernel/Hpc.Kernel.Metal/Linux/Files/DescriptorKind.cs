namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// What an open descriptor names; with it the table keeps one number whose meaning the kind gives (a stream, a
/// pipe, a kernel-file slot, a proxied-file slot). A new kind of descriptor is one more value here.
/// </summary>
internal enum DescriptorKind : byte
{
    /// <summary>Not open.</summary>
    Closed = 0,
    /// <summary>A standard stream: the number is 0 (input), 1 (output) or 2 (error).</summary>
    Stream,
    /// <summary>The read end of a pipe: the number is the pipe.</summary>
    PipeRead,
    /// <summary>The write end of a pipe: the number is the pipe.</summary>
    PipeWrite,
    /// <summary>A file the kernel made (<see cref="KernelFiles"/>): the number is its slot; the table keeps its offset.</summary>
    KernelFile,
    /// <summary>A file or directory the proxy opened (<see cref="ProxiedFileTable"/>): the number is its slot.</summary>
    ProxiedFile,
    /// <summary>The node segment (<see cref="SegmentFile"/>), mapped by the job's Hpc.Kernel: the number is 0.</summary>
    Segment,
}
