using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Drivers;

/// <summary>
/// The local APIC, in x2APIC mode (MSRs) where the cpu offers it, else xAPIC (MMIO at 0xFEE00000, identity-mapped):
/// end of interrupt, IPIs (INIT, SIPI, fixed, NMI) and the one-shot timer. No periodic tick is ever armed.
/// </summary>
internal static unsafe class LocalApic
{
    /// <summary>IA32_APIC_BASE.</summary>
    private const uint ApicBaseMsr = 0x1B;
    /// <summary>IA32_TSC_DEADLINE.</summary>
    private const uint TscDeadlineMsr = 0x6E0;
    /// <summary>Physical (and identity-mapped) address of the xAPIC registers.</summary>
    private const ulong MmioBase = 0xFEE00000;

    /// <summary>Register offsets (xAPIC MMIO; x2APIC MSR = 0x800 + offset / 16).</summary>
    private const int IdRegister = 0x20, TaskPriority = 0x80, Eoi = 0xB0, SpuriousVector = 0xF0, IcrLow = 0x300, IcrHigh = 0x310,
        LvtTimer = 0x320, TimerInitialCount = 0x380, TimerCurrentCount = 0x390, TimerDivide = 0x3E0;

    /// <summary>True when the registers are MSRs.</summary>
    private static bool s_x2Apic;
    /// <summary>True when the timer offers TSC-deadline mode.</summary>
    private static bool s_tscDeadline;
    /// <summary>Local APIC timer ticks per millisecond at divide-by-1 (0 until calibrated).</summary>
    private static ulong s_timerTicksPerMs;

    /// <summary>True in x2APIC mode.</summary>
    public static bool IsX2Apic => s_x2Apic;

    /// <summary>True when deadlines use TSC-deadline mode.</summary>
    public static bool HasTscDeadline => s_tscDeadline;

    /// <summary>Decides the mode once (bootstrap processor, before any other cpu starts).</summary>
    public static void Probe()
    {
        s_x2Apic = Cpu.HasFeatureEcx1(21);
        s_tscDeadline = Cpu.HasFeatureEcx1(24);
    }

    /// <summary>Enables the calling cpu's local APIC and returns its id.</summary>
    public static int EnableOnThisCpu()
    {
        ulong baseValue = Cpu.ReadMsr(ApicBaseMsr);
        baseValue |= 1UL << 11;
        if (s_x2Apic)
        {
            baseValue |= 1UL << 10;
        }

        Cpu.WriteMsr(ApicBaseMsr, baseValue);
        Write(TaskPriority, 0);
        Write(SpuriousVector, 0x100 | Runtime.Interrupts.SpuriousVector);
        uint id = Read(IdRegister);
        return (int)(s_x2Apic ? id : id >> 24);
    }

    /// <summary>Reads a register.</summary>
    private static uint Read(int offset) =>
        s_x2Apic ? (uint)Cpu.ReadMsr(0x800 + (uint)(offset >> 4)) : *(uint*)(MmioBase + (ulong)offset);

    /// <summary>Writes a register.</summary>
    private static void Write(int offset, uint value)
    {
        if (s_x2Apic)
        {
            Cpu.WriteMsr(0x800 + (uint)(offset >> 4), value);
        }
        else
        {
            *(uint*)(MmioBase + (ulong)offset) = value;
        }
    }

    /// <summary>Acknowledges the interrupt being served.</summary>
    public static void EndOfInterrupt() => Write(Eoi, 0);

    /// <summary>Sends an IPI: <paramref name="command"/> is the ICR's low word, <paramref name="destination"/> an APIC id.</summary>
    public static void SendIpi(int destination, uint command)
    {
        if (s_x2Apic)
        {
            Cpu.WriteMsr(0x830, ((ulong)(uint)destination << 32) | command);
            return;
        }

        Write(IcrHigh, (uint)destination << 24);
        Write(IcrLow, command);
        while ((Read(IcrLow) & (1 << 12)) != 0)
        {
            Cpu.Pause();
        }
    }

    /// <summary>ICR: fixed delivery of the wake-up vector.</summary>
    public static void SendWakeUp(int apicId) => SendIpi(apicId, (uint)Runtime.Interrupts.WakeVector | 0x4000);

    /// <summary>ICR: INIT to every other cpu (assert, level).</summary>
    public static void SendInitToOthers() => SendIpi(0, 0x000C4500);

    /// <summary>ICR: start-up to every other cpu at <paramref name="page"/> * 4 KiB.</summary>
    public static void SendStartupToOthers(int page) => SendIpi(0, 0x000C4600 | (uint)page);

    /// <summary>ICR: NMI to every other cpu (stops them on a panic even with interrupts off).</summary>
    public static void SendNmiToOthers() => SendIpi(0, 0x000C4400);

    /// <summary>Arms the one-shot timer to fire at TSC value <paramref name="deadline"/> (TSC-deadline mode where offered).</summary>
    public static void ArmDeadline(ulong deadline)
    {
        if (s_tscDeadline)
        {
            Write(LvtTimer, (2u << 17) | Runtime.Interrupts.TimerVector);
            Cpu.WriteMsr(TscDeadlineMsr, deadline);
            return;
        }

        if (s_timerTicksPerMs == 0)
        {
            CalibrateTimer();
        }

        ulong now = Cpu.ReadTsc();
        ulong tscLeft = deadline > now ? deadline - now : 1;
        ulong ticks = tscLeft * s_timerTicksPerMs / Clock.TscPerMs;
        if (ticks == 0)
        {
            ticks = 1;
        }
        else if (ticks > uint.MaxValue)
        {
            ticks = uint.MaxValue;
        }

        Write(TimerDivide, 0xB);
        Write(LvtTimer, Runtime.Interrupts.TimerVector);
        Write(TimerInitialCount, (uint)ticks);
    }

    /// <summary>Disarms the timer.</summary>
    public static void Disarm()
    {
        if (s_tscDeadline)
        {
            Cpu.WriteMsr(TscDeadlineMsr, 0);
        }
        else
        {
            Write(TimerInitialCount, 0);
        }
    }

    /// <summary>
    /// Measures the timer's rate against the TSC (masked, so no interrupt): the median of three 1 ms measurements, each
    /// the counts read right beside TSC reads at both ends. A VM's vCPU may be descheduled for milliseconds anywhere;
    /// with one measurement whose ends were the timer's start and a late read, the rate came out several times too
    /// high and every deadline fired that much late.
    /// </summary>
    private static void CalibrateTimer()
    {
        Write(TimerDivide, 0xB);
        Write(LvtTimer, 1u << 16);
        Write(TimerInitialCount, uint.MaxValue);
        ulong* rates = stackalloc ulong[3];
        for (int trial = 0; trial < 3; trial++)
        {
            uint startCount = Read(TimerCurrentCount);
            ulong startTsc = Cpu.ReadTsc();
            ulong end = startTsc + Clock.TscPerMs;
            while (Cpu.ReadTsc() < end)
            {
                Cpu.Pause();
            }

            uint endCount = Read(TimerCurrentCount);
            ulong tsc = Cpu.ReadTsc() - startTsc;
            rates[trial] = (ulong)(startCount - endCount) * Clock.TscPerMs / (tsc == 0 ? 1 : tsc);
        }

        Write(TimerInitialCount, 0);
        ulong low = rates[0] < rates[1] ? rates[0] : rates[1], high = rates[0] < rates[1] ? rates[1] : rates[0];
        s_timerTicksPerMs = rates[2] < low ? low : rates[2] > high ? high : rates[2];
        if (s_timerTicksPerMs == 0)
        {
            s_timerTicksPerMs = 1;
        }
    }
}
