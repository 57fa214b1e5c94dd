using Hpc.Kernel.Metal.Drivers;
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
        bool wall = clock == ClockRealtime || clock == ClockRealtimeCoarse || clock == ClockRealtimeAlarm || clock == ClockTai;
        ulong now = wall ? WallNanoseconds : Clock.NanosecondsSinceBoot;
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
