using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Platform;
using Hpc.Kernel.Metal.Linux.Threads;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// Clocks from the TSC (calibrated at boot): CLOCK_REALTIME and CLOCK_TAI add the wall-clock time the CMOS clock
/// gave when the program started (seconds resolution at that one point; TSC-smooth after it); every other clock
/// counts from boot.
/// </summary>
internal static unsafe class Time
{
    /// <summary>Nanoseconds a second.</summary>
    private const ulong NanosecondsPerSecond = 1_000_000_000;

    /// <summary>CLOCK_REALTIME.</summary>
    private const ulong ClockRealtime = 0;
    /// <summary>CLOCK_REALTIME_COARSE.</summary>
    private const ulong ClockRealtimeCoarse = 5;
    /// <summary>CLOCK_REALTIME_ALARM.</summary>
    private const ulong ClockRealtimeAlarm = 8;
    /// <summary>CLOCK_TAI (UTC here: no leap-second table).</summary>
    private const ulong ClockTai = 11;

    /// <summary>Nanoseconds from 1970 to boot (the CMOS time less the time since boot, read at registration).</summary>
    private static ulong s_bootEpochNanoseconds;

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        ulong wall = Rtc.ReadUnixSeconds() * NanosecondsPerSecond;
        ulong sinceBoot = Clock.NanosecondsSinceBoot;
        s_bootEpochNanoseconds = wall > sinceBoot ? wall - sinceBoot : 0;
        SyscallTable.Register(SyscallNames.ClockGetTime, &ClockGetTime);
        SyscallTable.Register(SyscallNames.ClockGetRes, &ClockGetRes);
        SyscallTable.Register(SyscallNames.GetTimeOfDay, &GetTimeOfDay);
        SyscallTable.Register(SyscallNames.Time, &TimeSeconds);
        SyscallTable.Register(SyscallNames.Nanosleep, &Nanosleep);
        SyscallTable.Register(SyscallNames.ClockNanosleep, &ClockNanosleep);
    }

    /// <summary>clock_nanosleep's flag: the time is absolute.</summary>
    private const ulong TimerAbsolute = 1;

    /// <summary>True for the clocks that count wall time.</summary>
    private static bool IsWall(ulong clock) => clock == ClockRealtime || clock == ClockRealtimeCoarse || clock == ClockRealtimeAlarm || clock == ClockTai;

    /// <summary>
    /// Reads a timespec at <paramref name="address"/> as nanoseconds; false when it is unreadable or not normalised
    /// (the caller returns EFAULT or EINVAL, as <paramref name="error"/> says).
    /// </summary>
    public static bool TryReadTimespec(ulong address, out ulong nanoseconds, out long error)
    {
        nanoseconds = 0;
        if (!UserPointer.IsValid(address, 16))
        {
            error = -(long)LinuxErrno.EFAULT;
            return false;
        }

        long seconds = ((long*)address)[0], fraction = ((long*)address)[1];
        if (seconds < 0 || fraction < 0 || fraction >= (long)NanosecondsPerSecond)
        {
            error = -(long)LinuxErrno.EINVAL;
            return false;
        }

        error = 0;
        nanoseconds = (ulong)seconds > ulong.MaxValue / NanosecondsPerSecond - 1 ? ulong.MaxValue / 2 : (ulong)seconds * NanosecondsPerSecond + (ulong)fraction;
        return true;
    }

    /// <summary>
    /// The TSC deadline of an absolute time <paramref name="nanoseconds"/> on <paramref name="clock"/> (wall clocks
    /// count from 1970, the others from boot).
    /// </summary>
    public static ulong AbsoluteDeadline(ulong clock, ulong nanoseconds)
    {
        if (IsWall(clock))
        {
            nanoseconds = nanoseconds > s_bootEpochNanoseconds ? nanoseconds - s_bootEpochNanoseconds : 0;
        }

        return Clock.TscAtNanosecondsSinceBoot(nanoseconds);
    }

    /// <summary>nanosleep(req, rem): relative, on the monotonic clock.</summary>
    private static long Nanosleep(SyscallFrame* frame)
    {
        if (!TryReadTimespec(frame->Arg0, out ulong nanoseconds, out long error))
        {
            return error;
        }

        return Sleep(Cpu.ReadTsc() + Clock.TscForNanoseconds(nanoseconds));
    }

    /// <summary>clock_nanosleep(clock, flags, req, rem).</summary>
    private static long ClockNanosleep(SyscallFrame* frame)
    {
        if (frame->Arg0 > ClockTai)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        if (!TryReadTimespec(frame->Arg2, out ulong nanoseconds, out long error))
        {
            return error;
        }

        ulong deadline = (frame->Arg1 & TimerAbsolute) != 0 ? AbsoluteDeadline(frame->Arg0, nanoseconds) : Cpu.ReadTsc() + Clock.TscForNanoseconds(nanoseconds);
        // clock_nanosleep returns the error number itself, not -1 and errno: glibc negates what the kernel returns.
        return Sleep(deadline);
    }

    /// <summary>Blocks the calling thread until TSC <paramref name="deadline"/> (its cpu runs others meanwhile).</summary>
    private static long Sleep(ulong deadline)
    {
        if (deadline <= Cpu.ReadTsc())
        {
            return 0;
        }

        ProgramThread* self = ThreadScheduler.Current;
        self->Reason = (int)WakeReason.None;
        self->Deadline = deadline;
        ThreadScheduler.PrepareToBlock(self);
        ThreadScheduler.Block(self);
        return self->Reason == (int)WakeReason.Signal ? -(long)LinuxErrno.EINTR : 0;
    }

    /// <summary>clock_gettime(clock, ts): every clock id up to CLOCK_BOOTTIME_ALARM (9) and CLOCK_TAI (11).</summary>
    private static long ClockGetTime(SyscallFrame* frame)
    {
        if (frame->Arg0 > 11)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        if (!UserPointer.IsValid(frame->Arg1, 16))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        ulong clock = frame->Arg0;
        ulong now = IsWall(clock) ? WallNanoseconds : Clock.NanosecondsSinceBoot;
        ulong* time = (ulong*)frame->Arg1;
        time[0] = now / NanosecondsPerSecond;
        time[1] = now % NanosecondsPerSecond;
        return 0;
    }

    /// <summary>Nanoseconds since 1970 (UTC).</summary>
    private static ulong WallNanoseconds => s_bootEpochNanoseconds + Clock.NanosecondsSinceBoot;

    /// <summary>clock_getres(clock, res): 1 ns (the TSC is finer).</summary>
    private static long ClockGetRes(SyscallFrame* frame)
    {
        if (frame->Arg1 != 0)
        {
            if (!UserPointer.IsValid(frame->Arg1, 16))
            {
                return -(long)LinuxErrno.EFAULT;
            }

            ((ulong*)frame->Arg1)[0] = 0;
            ((ulong*)frame->Arg1)[1] = 1;
        }

        return 0;
    }

    /// <summary>gettimeofday(tv, tz): wall-clock seconds and microseconds.</summary>
    private static long GetTimeOfDay(SyscallFrame* frame)
    {
        if (frame->Arg0 != 0)
        {
            if (!UserPointer.IsValid(frame->Arg0, 16))
            {
                return -(long)LinuxErrno.EFAULT;
            }

            ulong now = WallNanoseconds;
            ((ulong*)frame->Arg0)[0] = now / NanosecondsPerSecond;
            ((ulong*)frame->Arg0)[1] = now % NanosecondsPerSecond / 1000;
        }

        return 0;
    }

    /// <summary>time(tloc): wall-clock seconds.</summary>
    private static long TimeSeconds(SyscallFrame* frame)
    {
        long seconds = (long)(WallNanoseconds / NanosecondsPerSecond);
        if (frame->Arg0 != 0 && UserPointer.IsValid(frame->Arg0, 8))
        {
            *(long*)frame->Arg0 = seconds;
        }

        return seconds;
    }
}
