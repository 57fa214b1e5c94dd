using Hpc.NoiseStudies.Attribution;
using Hpc.NoiseStudies.Tracing;

namespace Hpc.NoiseStudies.Tests.Tracing;

/// <summary>Lines as tracefs prints them (copied from a trace of this machine) turned into interference intervals.</summary>
[TestFixture]
internal sealed class CpuTraceTests
{
    /// <summary>A local timer tick with its softirq while pid 100 measures, then another task for 4 ms.</summary>
    private static readonly string[] s_lines =
    [
        "# tracer: nop",
        "          dotnet-100     [000] d.h.. 11629.176020: local_timer_entry: vector=236",
        "          dotnet-100     [000] dNh.. 11629.176047: local_timer_exit: vector=236",
        "          dotnet-100     [000] .Ns.. 11629.176049: softirq_entry: vec=1 [action=TIMER]",
        "          dotnet-100     [000] .Ns.. 11629.176082: softirq_exit: vec=1 [action=TIMER]",
        "          dotnet-100     [000] d..2. 11629.176087: sched_switch: prev_comm=dotnet prev_pid=100 prev_prio=120 prev_state=R ==> next_comm=RequestBuilder  next_pid=7 next_prio=120",
        " RequestBuilder -7       [000] d.h.. 11629.178021: irq_handler_entry: irq=24 name=virtio0-input.0",
        " RequestBuilder -7       [000] d.h.. 11629.178025: irq_handler_exit: irq=24 ret=handled",
        " RequestBuilder -7       [000] d..2. 11629.180087: sched_switch: prev_comm=RequestBuilder  prev_pid=7 prev_prio=120 prev_state=R ==> next_comm=dotnet next_pid=100 next_prio=120",
        "          dotnet-100     [000] d.Z.. 11629.181000: nmi_handler: perf_event_nmi_handler() delta_ns: 2500 handled: 1",
    ];

    [Test]
    public void TryParse_TaskWithTrailingSpace_CpuTimeAndPid()
    {
        Assert.That(TraceRecord.TryParse(s_lines[6], out TraceRecord record), Is.True);

        Assert.That(record.Cpu, Is.Zero);
        Assert.That(record.Pid, Is.EqualTo(7));
        Assert.That(record.TimeNs, Is.EqualTo(11629.178021e9).Within(1));
        Assert.That(record.Event, Is.EqualTo("irq_handler_entry"));
        Assert.That(record.Field("name"), Is.EqualTo("virtio0-input.0"));
    }

    [Test]
    public void Intervals_TimerSoftirqTaskIrqNmi_EachWithItsClassSourceAndLength()
    {
        var records = s_lines.Select(l => TraceRecord.TryParse(l, out TraceRecord r) ? r : (TraceRecord?)null).OfType<TraceRecord>().ToList();

        IReadOnlyList<Interference> intervals = CpuTrace.Intervals(records, measuredTid: 100);

        Assert.That(intervals.Select(i => (i.Class, i.Source, Math.Round(i.DurationNs / 1e3, 1))), Is.EqualTo(new[]
        {
            (NoiseClass.Irq, "local_timer", 27.0),
            (NoiseClass.Softirq, "TIMER", 33.0),
            (NoiseClass.Irq, "irq virtio0-input.0", 4.0),
            (NoiseClass.Thread, "RequestBuilder :7", 4000.0),
            (NoiseClass.Nmi, "perf_event_nmi_handler", 2.5),
        }));
    }
}
