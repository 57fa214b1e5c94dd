using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Drivers;

/// <summary>
/// Time from the TSC, calibrated once at boot against PIT channel 2 (<see cref="Calibrate"/>); sleeping arms a one-shot local APIC deadline
/// and halts until it fires (tickless: nothing is armed otherwise).
/// </summary>
internal static class Clock
{
    /// <summary>PIT input clock in Hz.</summary>
    private const ulong PitHz = 1193182;

    /// <summary>TSC ticks per millisecond.</summary>
    public static ulong TscPerMs { get; private set; } = 1_000_000;

    /// <summary>TSC value at boot entry.</summary>
    public static ulong BootTsc { get; set; }

    /// <summary>Deadline-timer interrupts taken by sleeps (all cpus).</summary>
    public static int TimerInterrupts;

    /// <summary>Most measurements <see cref="Calibrate"/> takes.</summary>
    private const int MostTrials = 8;

    /// <summary>
    /// Measures the TSC rate against PIT channel 2 over about <paramref name="milliseconds"/> (gate on, speaker off).
    /// Each end of a measurement is a latched read of the PIT's count between two TSC reads; a VM's vCPU is a host
    /// thread that a loaded host deschedules for milliseconds at any moment, so a measurement is taken only when both
    /// pairs of TSC reads lie close (their gaps under 0.5 % of the span): where the vCPU stalls in between does not
    /// matter then. (Timing the PIT's run-out with one TSC read at each end, the rate once came out 2-5× too high under
    /// load and every sleep of that isle lasted as much longer.) Without an accepted measurement, the tightest one.
    /// </summary>
    public static void Calibrate(int milliseconds)
    {
        ulong best = 0, bestUncertainty = ulong.MaxValue;
        for (int trial = 0; trial < MostTrials; trial++)
        {
            if (!TryMeasure(milliseconds, out ulong perMs, out ulong uncertainty, out ulong span))
            {
                continue;
            }

            if (uncertainty < bestUncertainty)
            {
                best = perMs;
                bestUncertainty = uncertainty;
            }

            if (uncertainty * 200 < span)
            {
                break;
            }
        }

        TscPerMs = best == 0 ? 1 : best;
    }

    /// <summary>
    /// One measurement: TSC ticks per millisecond, the TSC ticks its two ends may be off by, and its span; false when
    /// the PIT's count wrapped (the vCPU stalled for longer than the counter's 55 ms period).
    /// </summary>
    private static bool TryMeasure(int milliseconds, out ulong perMs, out ulong uncertainty, out ulong span)
    {
        perMs = uncertainty = span = 0;
        int gate = Cpu.InByte(0x61);
        Cpu.OutByte(0x61, (gate & ~0x02) & ~0x01);
        Cpu.OutByte(0x43, 0xB0); // channel 2, low then high byte, mode 0, binary
        Cpu.OutByte(0x42, 0xFF);
        Cpu.OutByte(0x42, 0xFF);
        Cpu.OutByte(0x61, (gate & ~0x02) | 0x01);
        ulong before = Cpu.ReadTsc();
        uint first = ReadPitCount();
        ulong after = Cpu.ReadTsc();
        uint wanted = (uint)(PitHz * (ulong)milliseconds / 1000);
        uint previous = first, count;
        ulong endBefore, endAfter;
        do
        {
            endBefore = Cpu.ReadTsc();
            count = ReadPitCount();
            endAfter = Cpu.ReadTsc();
            if (count > previous)
            {
                return false;
            }

            previous = count;
        }
        while (first - count < wanted);

        span = (endBefore + endAfter) / 2 - (before + after) / 2;
        uncertainty = (after - before) + (endAfter - endBefore);
        perMs = span * PitHz / ((ulong)(first - count) * 1000);
        return perMs != 0;
    }

    /// <summary>PIT channel 2's current count (latched, so both bytes belong together).</summary>
    private static uint ReadPitCount()
    {
        Cpu.OutByte(0x43, 0x80);
        uint low = (uint)Cpu.InByte(0x42);
        return low | ((uint)Cpu.InByte(0x42) << 8);
    }

    /// <summary>Microseconds since boot entry.</summary>
    public static ulong MicrosecondsSinceBoot => (Cpu.ReadTsc() - BootTsc) * 1000 / TscPerMs;

    /// <summary>Nanoseconds since boot entry (split so the product cannot overflow for centuries of uptime).</summary>
    public static ulong NanosecondsSinceBoot
    {
        get
        {
            ulong ticks = Cpu.ReadTsc() - BootTsc;
            ulong perMs = TscPerMs;
            return ticks / perMs * 1_000_000 + ticks % perMs * 1_000_000 / perMs;
        }
    }

    /// <summary>The TSC value <paramref name="nanoseconds"/> after boot entry (saturating: a deadline too far never comes).</summary>
    public static ulong TscAtNanosecondsSinceBoot(ulong nanoseconds) => BootTsc + TscForNanoseconds(nanoseconds);

    /// <summary>TSC ticks in <paramref name="nanoseconds"/> (split so the product cannot overflow; saturating).</summary>
    public static ulong TscForNanoseconds(ulong nanoseconds)
    {
        ulong perMs = TscPerMs;
        ulong whole = nanoseconds / 1_000_000;
        if (whole > ulong.MaxValue / 2 / perMs)
        {
            return ulong.MaxValue / 2;
        }

        return whole * perMs + nanoseconds % 1_000_000 * perMs / 1_000_000;
    }

    /// <summary>Halts the calling cpu for at least <paramref name="milliseconds"/>, woken by a one-shot deadline.</summary>
    public static void Sleep(int milliseconds)
    {
        ulong deadline = Cpu.ReadTsc() + (ulong)milliseconds * TscPerMs;
        while (Cpu.ReadTsc() < deadline)
        {
            LocalApic.ArmDeadline(deadline);
            Cpu.WaitForInterrupt();
        }

        LocalApic.Disarm();
    }
}
