using System.Runtime.InteropServices;
using System.Threading;
using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Memory;
using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Scheduling;

/// <summary>
/// Brings up the application processors (INIT, then two start-up IPIs to a real-mode trampoline at 0x8000, all
/// cpus at once) and keeps them idle in <c>hlt</c> until the bootstrap processor hands them the Linux program's
/// scheduler and wakes them with an IPI. Interrupts are off except inside that <c>hlt</c>, so a wake-up sent after a
/// cpu's last look at the hand-over is taken at the <c>hlt</c> and never lost.
/// </summary>
internal static unsafe class Smp
{
    /// <summary>Where the trampoline is copied (the start-up IPI's page 8).</summary>
    private const int TrampolineAddress = 0x8000;
    /// <summary>Stack bytes per application processor.</summary>
    private const int ApStackSize = 64 * 1024;

    /// <summary>Number of cpus the isle runs on (the MADT's count, capped).</summary>
    private static int s_cpuCount = 1;
    /// <summary>Application processors that reached C#.</summary>
    private static int s_online;

    /// <summary>Number of cpus running (bootstrap processor included).</summary>
    public static int CpuCount => s_cpuCount;

    /// <summary>Number of cpus that came up.</summary>
    public static int OnlineCount => Volatile.Read(ref s_online) + 1;

    /// <summary>
    /// Starts <paramref name="cpuCount"/> - 1 application processors; <paramref name="initWait"/> runs during the
    /// 10 ms the INIT needs (the bootstrap processor calibrates its clock then). Returns when all are online.
    /// </summary>
    public static void StartAll(int cpuCount, delegate*<void> initWait)
    {
        if (cpuCount > CpuLocal.MaxCpus)
        {
            cpuCount = CpuLocal.MaxCpus;
        }

        if (cpuCount <= 1)
        {
            initWait();
            return;
        }

        byte* start = LinkerSymbols.TrampolineStart;
        long length = LinkerSymbols.TrampolineEnd - start;
        Buffer.MemoryCopy(start, (void*)TrampolineAddress, length, length);
        ulong* stacks = LinkerSymbols.ApStackTops;
        for (int i = 1; i < cpuCount; i++)
        {
            stacks[i] = (ulong)(PhysicalMemory.Claim(ApStackSize) + ApStackSize);
        }

        s_cpuCount = cpuCount;
        ulong t0 = Cpu.ReadTsc();
        LocalApic.SendInitToOthers();
        initWait();
        // The MP specification asks for 10 ms between INIT and the start-up IPI; processors since the P6 family do
        // not need it (Linux skips it there too), so the clock's calibration is all the wait we leave.
        WaitMicroseconds(t0, 5_000);
        LocalApic.SendStartupToOthers(TrampolineAddress >> 12);
        WaitMicroseconds(Cpu.ReadTsc(), 200);
        if (OnlineCount < cpuCount)
        {
            LocalApic.SendStartupToOthers(TrampolineAddress >> 12);
        }

        ulong deadline = Cpu.ReadTsc() + 2000 * Clock.TscPerMs;
        while (OnlineCount < cpuCount)
        {
            if (Cpu.ReadTsc() > deadline)
            {
                Runtime.Panic.Stop("only " + Number.Format(OnlineCount) + " of " + Number.Format(cpuCount) + " cpus came up", 0);
            }

            Cpu.Pause();
        }
    }

    /// <summary>Spins until <paramref name="microseconds"/> have passed since TSC value <paramref name="from"/>.</summary>
    private static void WaitMicroseconds(ulong from, ulong microseconds)
    {
        ulong end = from + microseconds * Clock.TscPerMs / 1000;
        while (Cpu.ReadTsc() < end)
        {
            Cpu.Pause();
        }
    }

    /// <summary>An application processor's first C#: per-cpu block, local APIC, then the idle loop.</summary>
    [UnmanagedCallersOnly(EntryPoint = "HpcApMain")]
    private static void ApMain(int index)
    {
        CpuLocal* local = CpuLocal.Install(index);
        local->ApicId = LocalApic.EnableOnThisCpu();
        local->Online = 1;
        Interlocked.Increment(ref s_online);
        while (s_handover == null)
        {
            Cpu.WaitForInterrupt();
        }

        s_handover();
    }

    /// <summary>Work the application processors take over for good (null until handed over).</summary>
    private static delegate*<void> s_handover;

    /// <summary>
    /// Gives every application processor <paramref name="work"/> to run (the Linux program's scheduler); they leave
    /// their idle loop on the wake-up IPI and never come back.
    /// </summary>
    public static void HandOver(delegate*<void> work)
    {
        s_handover = work;
        Interlocked.MemoryBarrier();
        for (int cpu = 1; cpu < s_cpuCount; cpu++)
        {
            LocalApic.SendWakeUp(CpuLocal.Of(cpu)->ApicId);
        }
    }

    /// <summary>Stops every other cpu (panic path): an NMI reaches them even with interrupts off.</summary>
    public static void StopOthers()
    {
        if (s_cpuCount > 1)
        {
            LocalApic.SendNmiToOthers();
        }
    }
}
