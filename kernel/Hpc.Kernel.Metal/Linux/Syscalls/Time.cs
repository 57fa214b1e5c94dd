using Hpc.Kernel.Metal.Drivers;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// Clocks from the TSC (calibrated at boot). Every clock counts from boot in this step, CLOCK_REALTIME included
/// (no wall-clock source is read yet: the CMOS clock or the proxy's time can give it an epoch later).
/// </summary>
internal static unsafe class Time
{
    /// <summary>Nanoseconds a second.</summary>
    private const ulong NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        SyscallTable.Register(SyscallNames.ClockGetTime, &ClockGetTime);
        SyscallTable.Register(SyscallNames.ClockGetRes, &ClockGetRes);
        SyscallTable.Register(SyscallNames.GetTimeOfDay, &GetTimeOfDay);
        SyscallTable.Register(SyscallNames.Time, &TimeSeconds);
    }

    /// <summary>clock_gettime(clock, ts): every clock id up to CLOCK_BOOTTIME_ALARM (9) and CLOCK_TAI (11).</summary>
    private static long ClockGetTime(SyscallFrame* frame)
    {
        if (frame->Arg0 > 11)
        {
            return -(long)Errno.Inval;
        }

        if (!UserPointer.IsValid(frame->Arg1, 16))
        {
            return -(long)Errno.Fault;
        }

        ulong now = Clock.NanosecondsSinceBoot;
        ulong* time = (ulong*)frame->Arg1;
        time[0] = now / NanosecondsPerSecond;
        time[1] = now % NanosecondsPerSecond;
        return 0;
    }

    /// <summary>clock_getres(clock, res): 1 ns (the TSC is finer).</summary>
    private static long ClockGetRes(SyscallFrame* frame)
    {
        if (frame->Arg1 != 0)
        {
            if (!UserPointer.IsValid(frame->Arg1, 16))
            {
                return -(long)Errno.Fault;
            }

            ((ulong*)frame->Arg1)[0] = 0;
            ((ulong*)frame->Arg1)[1] = 1;
        }

        return 0;
    }

    /// <summary>gettimeofday(tv, tz): seconds and microseconds.</summary>
    private static long GetTimeOfDay(SyscallFrame* frame)
    {
        if (frame->Arg0 != 0)
        {
            if (!UserPointer.IsValid(frame->Arg0, 16))
            {
                return -(long)Errno.Fault;
            }

            ulong now = Clock.NanosecondsSinceBoot;
            ((ulong*)frame->Arg0)[0] = now / NanosecondsPerSecond;
            ((ulong*)frame->Arg0)[1] = now % NanosecondsPerSecond / 1000;
        }

        return 0;
    }

    /// <summary>time(tloc): seconds.</summary>
    private static long TimeSeconds(SyscallFrame* frame)
    {
        long seconds = (long)(Clock.NanosecondsSinceBoot / NanosecondsPerSecond);
        if (frame->Arg0 != 0 && UserPointer.IsValid(frame->Arg0, 8))
        {
            *(long*)frame->Arg0 = seconds;
        }

        return seconds;
    }
}
