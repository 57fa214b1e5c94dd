using System.Threading;
using Hpc.Kernel.Metal.Platform;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Threads;

/// <summary>
/// futex WAIT on a word of the node segment. The waker may be another VM (a rank of another isle, the proxy): its
/// FUTEX_WAKE stays in its own kernel, so nothing here would ever wake this thread. The wait is therefore a bounded
/// poll: the word is read in a short spin (latency close to polling for a message that is about to arrive), then
/// the thread blocks in slices with a LAPIC deadline, doubling up to <see cref="LongestSliceNanoseconds"/>, and
/// reads the word after each; the vCPU halts in between, so an idle isle costs its host core almost nothing. A wake
/// from this isle's own threads still ends the wait at once.
/// </summary>
internal static unsafe class SegmentWait
{
    /// <summary>How long the word is spun on before the thread blocks.</summary>
    private const ulong SpinNanoseconds = 20_000;
    /// <summary>The first blocked slice.</summary>
    private const ulong FirstSliceNanoseconds = 50_000;
    /// <summary>The longest slice: the worst added latency of a wake from another VM after a long idle time.</summary>
    private const ulong LongestSliceNanoseconds = 1_000_000;

    /// <summary>As <see cref="Futex.Wait"/> (returns 0, -EAGAIN, -ETIMEDOUT or -EINTR), for a word other VMs write.</summary>
    public static long Wait(ulong address, uint expected, uint bitset, ulong deadline)
    {
        int* word = (int*)address;
        if (Volatile.Read(ref *word) != (int)expected)
        {
            return -(long)LinuxErrno.EAGAIN;
        }

        ulong spinEnd = Cpu.ReadTsc() + Drivers.Clock.TscForNanoseconds(SpinNanoseconds);
        while (Cpu.ReadTsc() < spinEnd && (deadline == 0 || Cpu.ReadTsc() < deadline))
        {
            if (Volatile.Read(ref *word) != (int)expected)
            {
                return 0;
            }

            Cpu.Pause();
        }

        ulong slice = FirstSliceNanoseconds;
        while (true)
        {
            ulong now = Cpu.ReadTsc();
            if (deadline != 0 && now >= deadline)
            {
                return -(long)LinuxErrno.ETIMEDOUT;
            }

            ulong sliceEnd = now + Drivers.Clock.TscForNanoseconds(slice);
            bool last = deadline != 0 && deadline <= sliceEnd;
            long result = Futex.Wait(address, expected, bitset, last ? deadline : sliceEnd);
            if (result != -(long)LinuxErrno.ETIMEDOUT || last)
            {
                // Woken by a thread of this isle, a changed word (-EAGAIN means it changed: a wake), a signal, or the caller's deadline.
                return result == -(long)LinuxErrno.EAGAIN ? 0 : result;
            }

            if (Volatile.Read(ref *word) != (int)expected)
            {
                return 0;
            }

            slice = slice * 2 > LongestSliceNanoseconds ? LongestSliceNanoseconds : slice * 2;
        }
    }
}
