using System.Runtime.InteropServices;
using Hpc.Protocol;

namespace Hpc.Hosted;

/// <summary>
/// Cpu masks of the calling thread. Linux affinity is per thread and inherited by threads created afterwards, but the
/// .NET runtime resets every thread it creates to the mask of the process's main thread. So a mask set on the thread
/// that then <c>execve</c>s (see <see cref="IsleConfinement"/>) becomes the mask of every thread of the new runtime,
/// while <see cref="PinCurrentThread"/> on a worker pins that worker only, not the threads it starts.
/// </summary>
internal static unsafe class CpuAffinity
{
    /// <summary>The smallest mask passed to the kernel: 1024 cpus, glibc's <c>cpu_set_t</c>.</summary>
    private const int MinMaskBytes = 128;

    /// <summary>The largest mask tried: 2^20 cpus.</summary>
    private const int MaxMaskBytes = 1 << 17;

    /// <summary>
    /// Restricts the calling thread to <paramref name="cpus"/> (<c>sched_setaffinity(0, ...)</c>). On the main thread,
    /// or on the thread that then <c>execve</c>s, this is the mask every thread the runtime creates afterwards gets.
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty or holds a cpu out of range.</exception>
    /// <exception cref="ConfinementException">The kernel refused the mask (e.g. no listed cpu is online).</exception>
    public static void SetProcessMask(ReadOnlySpan<int> cpus)
    {
        if (cpus.IsEmpty)
        {
            throw new ArgumentException("At least one cpu is needed.", nameof(cpus));
        }

        int highest = 0;
        foreach (int cpu in cpus)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(cpu, nameof(cpus));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cpu, MaxMaskBytes * 8, nameof(cpus));
            highest = Math.Max(highest, cpu);
        }

        int bytes = Math.Max(MinMaskBytes, ((highest / 64) + 1) * 8);
        byte[] mask = new byte[bytes];
        foreach (int cpu in cpus)
        {
            mask[cpu / 8] |= (byte)(1 << (cpu % 8));
        }

        int result;
        fixed (byte* p = mask)
        {
            result = LibC.SchedSetAffinity(0, (nuint)bytes, p);
        }

        if (result != 0)
        {
            throw ConfinementException.FromLastError($"sched_setaffinity(cpus {string.Join(',', cpus.ToArray())})");
        }
    }

    /// <summary>Pins the calling thread to one cpu (threads the runtime creates later get the main thread's mask instead).</summary>
    public static void PinCurrentThread(int cpu)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cpu);
        SetProcessMask([cpu]);
    }

    /// <summary>The cpu the calling thread runs on at this moment (<c>sched_getcpu</c>).</summary>
    public static int CurrentCpu()
    {
        int cpu = LibC.SchedGetCpu();
        if (cpu < 0)
        {
            throw ConfinementException.FromLastError("sched_getcpu");
        }

        return cpu;
    }

    /// <summary>The cpus the calling thread may run on, ascending.</summary>
    public static int[] AllowedCpus()
    {
        for (int bytes = MinMaskBytes; bytes <= MaxMaskBytes; bytes *= 2)
        {
            byte[] mask = new byte[bytes];
            int result;
            fixed (byte* p = mask)
            {
                result = LibC.SchedGetAffinity(0, (nuint)bytes, p);
            }

            if (result >= 0)
            {
                return ToCpus(mask);
            }

            // EINVAL: the kernel's cpu count does not fit the mask; try a larger one.
            int errno = Marshal.GetLastPInvokeError();
            if (errno != LinuxErrno.EINVAL)
            {
                throw new ConfinementException("sched_getaffinity", errno);
            }
        }

        throw new ConfinementException($"sched_getaffinity: no mask up to {MaxMaskBytes * 8} cpus was accepted.");
    }

    /// <summary>The set bits of a mask as cpu numbers, ascending.</summary>
    private static int[] ToCpus(ReadOnlySpan<byte> mask)
    {
        List<int> cpus = [];
        for (int i = 0; i < mask.Length * 8; i++)
        {
            if ((mask[i / 8] & (1 << (i % 8))) != 0)
            {
                cpus.Add(i);
            }
        }

        return [.. cpus];
    }
}
