using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Drivers;

/// <summary>
/// Time from the TSC, calibrated once at boot against PIT channel 2; sleeping arms a one-shot local APIC deadline
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

    /// <summary>Measures the TSC rate over <paramref name="milliseconds"/> of PIT channel 2 (gate on, speaker off).</summary>
    public static void Calibrate(int milliseconds)
    {
        ulong count = PitHz * (ulong)milliseconds / 1000;
        int gate = Cpu.InByte(0x61);
        Cpu.OutByte(0x61, (gate & ~0x02) & ~0x01);
        Cpu.OutByte(0x43, 0xB0);
        Cpu.OutByte(0x42, (int)(count & 0xFF));
        Cpu.OutByte(0x42, (int)(count >> 8));
        gate = Cpu.InByte(0x61);
        Cpu.OutByte(0x61, gate | 0x01);
        ulong start = Cpu.ReadTsc();
        while ((Cpu.InByte(0x61) & 0x20) == 0)
        {
            Cpu.Pause();
        }

        ulong elapsed = Cpu.ReadTsc() - start;
        TscPerMs = elapsed / (ulong)milliseconds;
        if (TscPerMs == 0)
        {
            TscPerMs = 1;
        }
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
