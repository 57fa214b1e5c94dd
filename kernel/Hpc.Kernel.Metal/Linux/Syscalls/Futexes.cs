using Hpc.Kernel.Metal.Linux.Files;
using Hpc.Kernel.Metal.Linux.Threads;
using Hpc.Kernel.Metal.Platform;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// futex(2) as glibc's mutexes, condition variables, joins and the runtime's waits use it: WAIT and WAKE, their
/// BITSET variants (absolute deadlines on the monotonic or, with FUTEX_CLOCK_REALTIME, the wall clock) and
/// REQUEUE / CMP_REQUEUE; the PRIVATE flag changes nothing (one address space). Waits on words of the node
/// segment poll (<see cref="SegmentWait"/>).
/// </summary>
internal static unsafe class Futexes
{
    /// <summary>FUTEX_WAIT.</summary>
    private const int Wait = 0;
    /// <summary>FUTEX_WAKE.</summary>
    private const int WakeOp = 1;
    /// <summary>FUTEX_REQUEUE.</summary>
    private const int Requeue = 3;
    /// <summary>FUTEX_CMP_REQUEUE.</summary>
    private const int CompareRequeue = 4;
    /// <summary>FUTEX_WAIT_BITSET.</summary>
    private const int WaitBitset = 9;
    /// <summary>FUTEX_WAKE_BITSET.</summary>
    private const int WakeBitset = 10;
    /// <summary>FUTEX_CLOCK_REALTIME.</summary>
    private const ulong ClockRealtimeFlag = 256;
    /// <summary>The command bits (without PRIVATE and CLOCK_REALTIME).</summary>
    private const ulong CommandMask = 127;
    /// <summary>CLOCK_REALTIME and CLOCK_MONOTONIC.</summary>
    private const ulong Realtime = 0, Monotonic = 1;

    /// <summary>Registers the family.</summary>
    public static void Register() => SyscallTable.Register(SyscallNames.Futex, &FutexCall);

    /// <summary>futex(uaddr, op, val, timeout | val2, uaddr2, val3).</summary>
    private static long FutexCall(SyscallFrame* frame)
    {
        ulong address = frame->Arg0;
        int command = (int)(frame->Arg1 & CommandMask);
        if ((address & 3) != 0 || !UserPointer.IsValid(address, 4))
        {
            return -(long)(((address & 3) != 0) ? LinuxErrno.EINVAL : LinuxErrno.EFAULT);
        }

        uint value = (uint)frame->Arg2;
        switch (command)
        {
            case Wait:
            case WaitBitset:
            {
                uint bitset = command == Wait ? uint.MaxValue : (uint)frame->Arg5;
                if (bitset == 0)
                {
                    return -(long)LinuxErrno.EINVAL;
                }

                ulong deadline = 0;
                if (frame->Arg3 != 0)
                {
                    if (!Time.TryReadTimespec(frame->Arg3, out ulong nanoseconds, out long error))
                    {
                        return error;
                    }

                    // FUTEX_WAIT's timeout is relative; WAIT_BITSET's is an absolute time on the chosen clock.
                    deadline = command == Wait
                        ? Cpu.ReadTsc() + Drivers.Clock.TscForNanoseconds(nanoseconds)
                        : Time.AbsoluteDeadline((frame->Arg1 & ClockRealtimeFlag) != 0 ? Realtime : Monotonic, nanoseconds);
                    if (deadline == 0)
                    {
                        deadline = 1;
                    }
                }

                // A segment word is written by other VMs, whose wakes never reach this kernel: it is polled.
                return SegmentFile.Contains(address) ? SegmentWait.Wait(address, value, bitset, deadline) : Futex.Wait(address, value, bitset, deadline);
            }

            case WakeOp:
                return Futex.Wake(address, (int)(value > int.MaxValue ? int.MaxValue : value), uint.MaxValue);
            case WakeBitset:
                return (uint)frame->Arg5 == 0 ? -(long)LinuxErrno.EINVAL : Futex.Wake(address, (int)(value > int.MaxValue ? int.MaxValue : value), (uint)frame->Arg5);
            case Requeue:
            case CompareRequeue:
            {
                if (!UserPointer.IsValid(frame->Arg4, 4) || (frame->Arg4 & 3) != 0)
                {
                    return -(long)LinuxErrno.EFAULT;
                }

                int requeue = (int)(frame->Arg3 > int.MaxValue ? int.MaxValue : frame->Arg3);
                return Futex.Requeue(address, (int)(value > int.MaxValue ? int.MaxValue : value), frame->Arg4, requeue,
                    command == CompareRequeue, (uint)frame->Arg5);
            }

            default:
                return -(long)LinuxErrno.ENOSYS;
        }
    }
}
