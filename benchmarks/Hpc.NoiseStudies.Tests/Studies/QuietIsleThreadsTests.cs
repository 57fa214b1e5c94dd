using Hpc.NoiseStudies.Results;
using Hpc.NoiseStudies.Running;

namespace Hpc.NoiseStudies.Tests.Studies;

/// <summary>
/// The quiet isle's configuration, checked on a real study: while the rank measures, no other thread of hermit-run
/// or of the isle may run on the measured cpu (hermit-run --quiet keeps them on a cpu no rank owns).
/// </summary>
[TestFixture]
internal sealed class QuietIsleThreadsTests
{
    [Test]
    public void Study_QuietIsleOnCpu0_NoOtherThreadOfHermitRunOrTheIsleMayUseIt()
    {
        Assume.That(Environment.ProcessorCount, Is.GreaterThanOrEqualTo(2), "needs a cpu besides the measured one for housekeeping");
        string output = Path.Combine(Checkout.TempFolder(), "threads");

        // A second of measuring: the sampler walks the tree every 50 ms or slower on a busy machine, and the rank's own
        // process (a quiet isle's rank is NativeAOT) lives little longer than its measured phase.
        (int status, string text) = Checkout.HermitNoise("--samples", "10000", "--warmup", "50", "--configs", "isle-alloc", "--cpus", "0", "--out", output);

        Assert.That(status, Is.Zero, text);
        Study study = Study.Load(output);
        IReadOnlyList<ThreadSample> samples = study.Threads("isle-alloc", 1);
        CoreRun rank = study.Runs.Single();
        // The sampler saw the tree while the rank measured: hermit-run's forwarders and the rank itself.
        Assert.That(samples.Where(s => s.TimeNs >= rank.Window.Start && s.TimeNs <= rank.Window.End).Select(s => s.Comm), Has.Some.StartsWith("hermit-run"), "no sample of hermit-run in the measured phase");
        int rankTid = ThreadExposure.MeasuredTid(rank, samples);
        Assert.That(samples.Where(s => s.Tid == rankTid && s.TimeNs >= rank.Window.Start && s.TimeNs <= rank.Window.End).Select(s => s.Allowed),
            Is.Not.Empty.And.All.EqualTo(new[] { 0 }), "the rank is not the thread pinned to cpu 0 while it measures");

        IReadOnlyList<ThreadExposure> exposed = study.Exposures();

        Assert.That(exposed.Select(e => $"pid {e.Pid} {e.Comm}:{e.Tid} may use {e.Allowed}"), Is.Empty);
    }
}
