namespace Hpc.NoiseStudies.Attribution;

/// <summary>
/// What took a measured cpu from its loop, as rtla osnoise classes it, plus the managed runtime. The order is the
/// precedence when causes overlap: an NMI inside an irq inside a softirq counts as NMI for its own time; GC, thread, JIT last.
/// </summary>
internal enum NoiseClass
{
    /// <summary>Time lost that no traced cause covers: the hardware, firmware or the hypervisor's host.</summary>
    Hw,
    /// <summary>A non-maskable interrupt handler.</summary>
    Nmi,
    /// <summary>A hard interrupt handler: a device irq or an APIC vector (local timer, IPIs).</summary>
    Irq,
    /// <summary>A softirq (timers, RCU, scheduler, network…).</summary>
    Softirq,
    /// <summary>A GC pause of the measured process (EventPipe).</summary>
    Gc,
    /// <summary>
    /// Another task running on the measured cpu (named by the trace). Above JIT: while another task has the cpu, the
    /// measured thread compiles nothing; below GC: a GC pause takes the measured thread off its cpu.
    /// </summary>
    Thread,
    /// <summary>A method being compiled in the measured process (EventPipe).</summary>
    Jit,
}
