using System.Diagnostics;
using Hpc.Hosted;
using Hpc.Scheduling;

namespace Hpc.Kernel.Tests.Scheduling;

/// <summary>
/// Figures for DESIGN.md, not tests: run with <c>dotnet test --filter Category=Measure</c>. Each figure is taken
/// several times, interleaved with its peer (A B A B ...), and the median is printed; nothing is asserted.
/// </summary>
[TestFixture]
[Explicit("A measurement, not a test.")]
[Category("Measure")]
public sealed unsafe class IsleSchedulerMeasurements
{
    /// <summary>Repetitions of each figure.</summary>
    private const int Repetitions = 7;

    /// <summary>Hand-off between two ranks of one core (round trip / 2) next to raw futex hand-offs between two pinned threads.</summary>
    [Test]
    public void HandOff_TwoRanksOneCore_MicrosecondsPerHandOff()
    {
        const int RoundTrips = 100_000;
        int cpu = RankRig.TwoCpus()[1];
        List<double> scheduler = [], rawShared = [], rawPrivate = [];
        for (int i = 0; i < Repetitions; i++)
        {
            scheduler.Add(SchedulerPingPong(cpu, RoundTrips, IdlePolicy.Poll) / (2.0 * RoundTrips));
            rawShared.Add(RawPingPong(cpu, RoundTrips, shared: true) / (2.0 * RoundTrips));
            rawPrivate.Add(RawPingPong(cpu, RoundTrips, shared: false) / (2.0 * RoundTrips));
        }

        Report("hand-off, scheduler (2 ranks, 1 core)", scheduler, "µs");
        Report("hand-off, raw shared futex", rawShared, "µs");
        Report("hand-off, raw private futex", rawPrivate, "µs");
    }

    /// <summary>64 ranks on 2 cores: dissemination and central barriers over doorbells, and a plain-thread central futex barrier.</summary>
    [Test]
    public void Barrier_64RanksTwoCores_MicrosecondsPerBarrier()
    {
        const int Ranks = 64, Barriers = 2000;
        int[] cpus = RankRig.TwoCpus();
        List<double> dissemination = [], central = [], futex = [], parked = [];
        for (int i = 0; i < Repetitions; i++)
        {
            dissemination.Add(SchedulerBarrier(cpus, Ranks, Barriers, IdlePolicy.Poll, central: false) / Barriers);
            central.Add(SchedulerBarrier(cpus, Ranks, Barriers, IdlePolicy.Poll, central: true) / Barriers);
            parked.Add(SchedulerBarrier(cpus, Ranks, Barriers, IdlePolicy.Park, central: false) / Barriers);
            futex.Add(FutexBarrier(cpus, Ranks, Barriers / 4) / (Barriers / 4));
        }

        Report("barrier, 64 ranks, dissemination over doorbells", dissemination, "µs");
        Report("barrier, 64 ranks, central count over doorbells", central, "µs");
        Report("barrier, 64 ranks, dissemination, idle Park", parked, "µs");
        Report("barrier, 64 plain threads, central futex (peer)", futex, "µs");
    }

    /// <summary>A token passed around n ranks of one core: µs per hand-off, by n.</summary>
    [Test]
    public void HandOff_TokenRingOnOneCore_MicrosecondsPerHandOffByRanks()
    {
        const int HandOffs = 100_000;
        int cpu = RankRig.TwoCpus()[1];
        foreach (int ranks in new[] { 2, 8, 32 })
        {
            List<double> figures = [];
            for (int i = 0; i < Repetitions; i++)
            {
                figures.Add(TokenRing(cpu, ranks, HandOffs / ranks) / (HandOffs / ranks * ranks));
            }

            Report($"hand-off, token ring of {ranks} ranks on 1 core", figures, "µs");
            List<double> raw = [];
            for (int i = 0; i < Repetitions; i++)
            {
                raw.Add(RawTokenRing(cpu, ranks, HandOffs / ranks) / (HandOffs / ranks * ranks));
            }

            Report($"hand-off, raw private futex token ring of {ranks} threads", raw, "µs");
        }
    }

    /// <summary>Microseconds for laps of a token around plain threads pinned on one cpu, each parked on its own word.</summary>
    private static double RawTokenRing(int cpu, int threads, int laps)
    {
        int[] memory = GC.AllocateArray<int>(16 * (threads + 1), pinned: true);
        long start = 0, end = 0;
        fixed (int* words = memory)
        {
            int* first = words;
            var all = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                CpuAffinity.PinCurrentThread(cpu);
                int* mine = first + (16 * t), next = first + (16 * ((t + 1) % threads));
                if (t == 0)
                {
                    start = Stopwatch.GetTimestamp();
                    Unpark(next, shared: false);
                }

                for (int lap = 0; lap < laps; lap++)
                {
                    Park(mine, shared: false);
                    if (t != 0 || lap < laps - 1)
                    {
                        Unpark(next, shared: false);
                    }
                }

                if (t == 0)
                {
                    end = Stopwatch.GetTimestamp();
                }
            })).ToList();
            all.ForEach(thread => thread.Start());
            all.ForEach(thread => thread.Join());
        }

        return Stopwatch.GetElapsedTime(start, end).TotalMicroseconds;
    }

    /// <summary>Microseconds for <paramref name="laps"/> laps of a token around <paramref name="ranks"/> ranks of one core.</summary>
    private static double TokenRing(int cpu, int ranks, int laps)
    {
        var rig = new RankRig([cpu], ranks, _ => cpu, IdlePolicy.Poll);
        int token = 0;
        long start = 0, end = 0;
        rig.Run(task =>
        {
            int me = task.Rank;
            if (me == 0)
            {
                start = Stopwatch.GetTimestamp();
            }

            for (int lap = 0; lap < laps; lap++)
            {
                int mine = (lap * ranks) + me;
                while (true)
                {
                    int seen = rig.Peek(me);
                    if (Volatile.Read(ref token) == mine)
                    {
                        break;
                    }

                    rig.Scheduler.WaitForDoorbell(task, seen);
                }

                Volatile.Write(ref token, mine + 1);
                rig.Ring((me + 1) % ranks);
            }

            if (me == ranks - 1)
            {
                end = Stopwatch.GetTimestamp();
            }
        });
        return Stopwatch.GetElapsedTime(start, end).TotalMicroseconds;
    }

    /// <summary>Microseconds for <paramref name="roundTrips"/> ping-pongs between two ranks of one core.</summary>
    private static double SchedulerPingPong(int cpu, int roundTrips, IdlePolicy idle)
    {
        var rig = new RankRig([cpu], 2, _ => cpu, idle);
        int turn = 0;
        long start = 0, end = 0;
        rig.Run(task =>
        {
            int me = task.Rank;
            if (me == 0)
            {
                start = Stopwatch.GetTimestamp();
            }

            for (int i = 0; i < roundTrips; i++)
            {
                int mine = (2 * i) + me;
                while (true)
                {
                    int seen = rig.Peek(me);
                    if (Volatile.Read(ref turn) == mine)
                    {
                        break;
                    }

                    rig.Scheduler.WaitForDoorbell(task, seen);
                }

                Volatile.Write(ref turn, mine + 1);
                rig.Ring(1 - me);
            }

            if (me == 1)
            {
                end = Stopwatch.GetTimestamp();
            }
        });
        return Stopwatch.GetElapsedTime(start, end).TotalMicroseconds;
    }

    /// <summary>Microseconds for <paramref name="barriers"/> barriers of <paramref name="ranks"/> ranks on two cores.</summary>
    private static double SchedulerBarrier(int[] cpus, int ranks, int barriers, IdlePolicy idle, bool central)
    {
        var rig = new RankRig(cpus, ranks, rank => cpus[rank % 2], idle);
        var dissemination = new DisseminationBarrier(rig);
        var centralBarrier = new CentralBarrier(rig);
        long start = 0, end = 0;
        rig.Run(task =>
        {
            Action<RankTask> arrive = central ? centralBarrier.Arrive : dissemination.Arrive;

            // One barrier to have every thread started and entered before the clock runs.
            arrive(task);
            if (task.Rank == 0)
            {
                start = Stopwatch.GetTimestamp();
            }

            for (int i = 0; i < barriers; i++)
            {
                arrive(task);
            }

            if (task.Rank == 0)
            {
                end = Stopwatch.GetTimestamp();
            }
        });
        return Stopwatch.GetElapsedTime(start, end).TotalMicroseconds;
    }

    /// <summary>Microseconds for ping-pongs between two threads pinned on one cpu, each parked on its own futex word.</summary>
    private static double RawPingPong(int cpu, int roundTrips, bool shared)
    {
        int[] memory = GC.AllocateArray<int>(64, pinned: true);
        long start = 0, end = 0;
        fixed (int* words = memory)
        {
            int* a = words, b = words + 32;
            var pong = new Thread(() =>
            {
                CpuAffinity.PinCurrentThread(cpu);
                for (int i = 0; i < roundTrips; i++)
                {
                    Park(b, shared);
                    Unpark(a, shared);
                }
            });
            var ping = new Thread(() =>
            {
                CpuAffinity.PinCurrentThread(cpu);
                start = Stopwatch.GetTimestamp();
                for (int i = 0; i < roundTrips; i++)
                {
                    Unpark(b, shared);
                    Park(a, shared);
                }

                end = Stopwatch.GetTimestamp();
            });
            pong.Start();
            ping.Start();
            ping.Join();
            pong.Join();
        }

        return Stopwatch.GetElapsedTime(start, end).TotalMicroseconds;
    }

    /// <summary>Sleeps until <c>*word</c> is set, then clears it.</summary>
    private static void Park(int* word, bool shared)
    {
        while (Volatile.Read(ref *word) == 0)
        {
            if (shared)
            {
                Futex.Wait(word, 0);
            }
            else
            {
                Futex.WaitPrivate(word, 0);
            }
        }

        Volatile.Write(ref *word, 0);
    }

    /// <summary>Sets <c>*word</c> and wakes its sleeper.</summary>
    private static void Unpark(int* word, bool shared)
    {
        Volatile.Write(ref *word, 1);
        if (shared)
        {
            Futex.Wake(word, 1);
        }
        else
        {
            Futex.WakeOnePrivate(word);
        }
    }

    /// <summary>Microseconds for barriers of plain threads (half pinned to each cpu) on a central count and one futex word.</summary>
    private static double FutexBarrier(int[] cpus, int threads, int barriers)
    {
        int[] memory = GC.AllocateArray<int>(64, pinned: true);
        long start = 0, end = 0;
        fixed (int* words = memory)
        {
            int* arrived = words, generation = words + 32;
            void Arrive()
            {
                int mine = Volatile.Read(ref *generation);
                if (Interlocked.Increment(ref *arrived) == threads)
                {
                    *arrived = 0;
                    Interlocked.Increment(ref *generation);
                    Futex.Wake(generation);
                    return;
                }

                while (Volatile.Read(ref *generation) == mine)
                {
                    Futex.Wait(generation, mine);
                }
            }

            var all = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                CpuAffinity.PinCurrentThread(cpus[t % 2]);
                Arrive();
                if (t == 0)
                {
                    start = Stopwatch.GetTimestamp();
                }

                for (int i = 0; i < barriers; i++)
                {
                    Arrive();
                }

                if (t == 0)
                {
                    end = Stopwatch.GetTimestamp();
                }
            })).ToList();
            all.ForEach(thread => thread.Start());
            all.ForEach(thread => thread.Join());
        }

        return Stopwatch.GetElapsedTime(start, end).TotalMicroseconds;
    }

    /// <summary>Prints the median, minimum and maximum of a figure.</summary>
    private static void Report(string what, List<double> values, string unit)
    {
        values.Sort();
        TestContext.Out.WriteLine(
            $"{what}: median {values[values.Count / 2]:F2} {unit} (min {values[0]:F2}, max {values[^1]:F2}, n {values.Count})");
    }
}
