using System.Runtime.InteropServices;

namespace Noise;

/// <summary>Pins the calling thread to one cpu (sched_setaffinity), as hermit-run pins a rank.</summary>
internal static unsafe partial class Affinity
{
    /// <summary>Pins the calling thread to <paramref name="cpu"/>; throws when the kernel refuses.</summary>
    public static void Pin(int cpu)
    {
        byte* mask = stackalloc byte[128];
        new Span<byte>(mask, 128).Clear();
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        if (SchedSetAffinity(0, 128, mask) != 0)
        {
            throw new InvalidOperationException($"cannot pin to cpu {cpu}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>sched_setaffinity(2).</summary>
    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nuint size, byte* mask);
}
