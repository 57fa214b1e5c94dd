namespace System.Threading;

/// <summary>What the metal isle offers of threads: sleeping (a one-shot local APIC deadline, the cpu halts meanwhile).</summary>
public static class Thread
{
    /// <summary>Halts the calling cpu for at least <paramref name="millisecondsTimeout"/> ms.</summary>
    public static void Sleep(int millisecondsTimeout)
    {
        if (millisecondsTimeout > 0)
        {
            Hpc.Kernel.Metal.Drivers.Clock.Sleep(millisecondsTimeout);
        }
    }
}
