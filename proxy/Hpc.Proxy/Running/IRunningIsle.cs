namespace Hpc.Proxy.Running;

/// <summary>A started isle as JobRun sees it: a hosted isle's process or a metal isle's virtual machine.</summary>
internal interface IRunningIsle : IDisposable
{
    /// <summary>The isle's index.</summary>
    int Isle { get; }

    /// <summary>The host process (the isle host, or QEMU).</summary>
    int ProcessId { get; }

    /// <summary>True once the process has been reaped.</summary>
    bool HasExited { get; }

    /// <summary>The isle's exit status; 128 + n when killed by signal n.</summary>
    int ExitStatus { get; }

    /// <summary>Ends the isle now.</summary>
    void Kill();

    /// <summary>Waits for the process to be reaped.</summary>
    bool WaitForExit(TimeSpan timeout);
}
