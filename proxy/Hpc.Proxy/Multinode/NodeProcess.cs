using System.Runtime.InteropServices;

namespace Hpc.Proxy.Multinode;

/// <summary>What a per-node proxy does to its own process so that nothing of the job outlives it, or leaks into children.</summary>
internal static partial class NodeProcess
{
    /// <summary>prctl option: signal on parent death.</summary>
    private const int PrSetPdeathsig = 1;
    /// <summary>SIGKILL.</summary>
    private const int SigKill = 9;
    /// <summary>close_range flag: mark close-on-exec instead of closing.</summary>
    private const uint CloseRangeCloexec = 1u << 2;

    /// <summary>
    /// Dies with its parent (the hydra proxy that started it): a killed hydra proxy takes this process with it, and
    /// this process's isles follow through their own death signal.
    /// </summary>
    public static void DieWithParent()
    {
        if (Prctl(PrSetPdeathsig, SigKill, 0, 0, 0) != 0)
        {
            throw new InvalidOperationException($"prctl(PR_SET_PDEATHSIG) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// Marks every inherited descriptor above standard error close-on-exec (hydra's pipes and its PMI socket stay
    /// usable here, but no isle inherits them: an isle holding them would keep hydra waiting after this process died).
    /// </summary>
    public static void CloseInheritedOnExec()
    {
        if (CloseRange(3, uint.MaxValue, CloseRangeCloexec) != 0)
        {
            throw new InvalidOperationException($"close_range(CLOSE_RANGE_CLOEXEC) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>prctl(2).</summary>
    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    /// <summary>close_range(2).</summary>
    [LibraryImport("libc", EntryPoint = "close_range", SetLastError = true)]
    private static partial int CloseRange(uint first, uint last, uint flags);
}
