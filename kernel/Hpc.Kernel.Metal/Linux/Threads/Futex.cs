using System.Threading;
using Hpc.Kernel.Metal.Platform;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Threads;

/// <summary>
/// Futex waits and wakes across the program's threads. One lock for all futex words (a program has tens of
/// threads, not thousands): a waiter checks the word and records what it waits on under the lock, so a waker that
/// changed the word before waking either finds it recorded or made the check fail — no wake-up is lost.
/// </summary>
internal static unsafe class Futex
{
    /// <summary>Guards the waiters' records.</summary>
    private static int s_lock;

    /// <summary>
    /// Waits while the int at <paramref name="address"/> holds <paramref name="expected"/>, until a wake matching
    /// <paramref name="bitset"/>, TSC <paramref name="deadline"/> (0: none) or a signal. Returns 0, -EAGAIN,
    /// -ETIMEDOUT or -EINTR.
    /// </summary>
    public static long Wait(ulong address, uint expected, uint bitset, ulong deadline)
    {
        ProgramThread* self = ThreadScheduler.Current;
        Platform.SpinLock.Enter(ref s_lock);
        if (Volatile.Read(ref *(int*)address) != (int)expected)
        {
            Platform.SpinLock.Exit(ref s_lock);
            return -(long)LinuxErrno.EAGAIN;
        }

        self->FutexAddress = address;
        self->FutexBitset = bitset;
        self->Deadline = deadline;
        self->Reason = (int)WakeReason.None;
        ThreadScheduler.PrepareToBlock(self);
        Platform.SpinLock.Exit(ref s_lock);
        ThreadScheduler.Block(self);
        Platform.SpinLock.Enter(ref s_lock);
        self->FutexAddress = 0;
        Platform.SpinLock.Exit(ref s_lock);
        return self->Reason switch
        {
            (int)WakeReason.Timeout => -(long)LinuxErrno.ETIMEDOUT,
            (int)WakeReason.Signal => -(long)LinuxErrno.EINTR,
            _ => 0,
        };
    }

    /// <summary>Wakes up to <paramref name="count"/> threads waiting on <paramref name="address"/> with a bitset sharing a bit with <paramref name="bitset"/>; returns how many.</summary>
    public static int Wake(ulong address, int count, uint bitset)
    {
        int woken = 0;
        Platform.SpinLock.Enter(ref s_lock);
        int threads = ThreadTable.Count;
        for (long id = 1; woken < count && id <= threads; id++)
        {
            ProgramThread* thread = ThreadTable.Find(id);
            if (thread != null && thread->FutexAddress == address && (thread->FutexBitset & bitset) != 0 && ThreadScheduler.Wake(thread, WakeReason.Event))
            {
                woken++;
            }
        }

        Platform.SpinLock.Exit(ref s_lock);
        return woken;
    }

    /// <summary>
    /// FUTEX_(CMP_)REQUEUE: wakes up to <paramref name="count"/> waiters of <paramref name="address"/> and moves up to
    /// <paramref name="requeue"/> more to <paramref name="target"/>; with <paramref name="compare"/>, only while the
    /// word still holds <paramref name="expected"/> (else -EAGAIN). Returns how many were woken and moved.
    /// </summary>
    public static long Requeue(ulong address, int count, ulong target, int requeue, bool compare, uint expected)
    {
        Platform.SpinLock.Enter(ref s_lock);
        if (compare && Volatile.Read(ref *(int*)address) != (int)expected)
        {
            Platform.SpinLock.Exit(ref s_lock);
            return -(long)LinuxErrno.EAGAIN;
        }

        int woken = 0, moved = 0;
        int threads = ThreadTable.Count;
        for (long id = 1; id <= threads; id++)
        {
            ProgramThread* thread = ThreadTable.Find(id);
            if (thread == null || thread->FutexAddress != address || Volatile.Read(ref thread->State) != (int)ThreadRunState.Blocked)
            {
                continue;
            }

            if (woken < count)
            {
                if (ThreadScheduler.Wake(thread, WakeReason.Event))
                {
                    woken++;
                }
            }
            else if (moved < requeue)
            {
                thread->FutexAddress = target;
                moved++;
            }
        }

        Platform.SpinLock.Exit(ref s_lock);
        return woken + moved;
    }
}
