// Behaviours for the end-to-end tests, picked by the first argument. "@R" means "rank R does it".
// Ranks that must stay alive until the job is ended wait in a receive that never completes: under the isle
// scheduler a rank keeps its core until it waits in Hpc, so Thread.Sleep would keep the other ranks of its core
// from ever running.
using System.Globalization;
using System.Runtime.InteropServices;
using Hpc;
using Hpc.IO;
using Hpc.Mpi;

int Arg(int index) => int.Parse(args[index], CultureInfo.InvariantCulture);

switch (args.Length > 0 ? args[0] : "")
{
    case "exit": // exit CODE RANK: that rank returns CODE, the others 0
        return Job.Rank == Arg(2) ? Arg(1) : 0;
    case "throw": // throw RANK: that rank throws; the others wait to be ended
        if (Job.Rank == Arg(1))
        {
            throw new InvalidOperationException($"boom from rank {Job.Rank}");
        }

        WaitToBeEnded();
        return 0;
    case "throw-thread": // an exception escapes a thread that rank 0 started
        if (Job.Rank == 0)
        {
            var thread = new Thread(() => throw new ArgumentException("thread of rank 0 failed"));
            thread.Start();
            thread.Join();
        }

        WaitToBeEnded();
        return 0;
    case "kill": // kill RANK: that rank SIGKILLs its own isle
        if (Job.Rank == Arg(1))
        {
            Native.Kill(Environment.ProcessId, 9);
        }

        WaitToBeEnded();
        return 0;
    case "environment-exit": // environment-exit CODE RANK
        if (Job.Rank == Arg(2))
        {
            Environment.Exit(Arg(1));
        }

        WaitToBeEnded();
        return 0;
    case "sleep": // every rank sleeps forever (for timeouts and signals)
        Console.WriteLine($"rank {Job.Rank} sleeping");
        WaitToBeEnded();
        return 0;
    case "lines": // lines N: every rank prints N numbered lines, half of them with Write pieces
        int count = Arg(1);
        for (int i = 0; i < count; i++)
        {
            if (i % 2 == 0)
            {
                Console.WriteLine($"rank {Job.Rank} line {i}");
            }
            else
            {
                Console.Write($"rank {Job.Rank} ");
                Console.Write("line ");
                Console.Write(i);
                Console.WriteLine();
            }
        }

        Console.Error.WriteLine($"rank {Job.Rank} done");
        return 0;
    case "who": // each rank prints its identity and the pinning of its thread
        Console.WriteLine($"rank={Job.Rank} size={Job.Size} isle={Job.Isle} isles={Job.IsleCount} cpu={Job.Cpu}");
        return 0;
    case "node": // each rank prints the host (node) it runs on
        Console.WriteLine($"rank={Job.Rank} size={Job.Size} node={Environment.MachineName}");
        return 0;
    case "statics": // statics are per rank: each rank sees its own counter
        Counter.Value++;
        Console.WriteLine($"rank {Job.Rank} counter {Counter.Value}");
        return 0;
    case "args":
        Console.WriteLine($"rank {Job.Rank} args [{string.Join("|", args[1..])}] env HPC_TEST={Environment.GetEnvironmentVariable("HPC_TEST")}");
        return 0;
    case "files": // files DIR OUTSIDE: exercise host files in DIR, then try OUTSIDE
        return FileChecks.Run(args[1], args[2]);
    case "direct": // direct PATH: read a file with System.IO (not forwarded): the isle's confinement decides
        try
        {
            Console.WriteLine($"direct read ok: {File.ReadAllText(args[1]).Trim()}");
        }
        catch (Exception e)
        {
            Console.WriteLine($"direct read denied: {e.GetType().Name}");
        }

        return 0;
    case "direct-unhandled": // direct-unhandled PATH: read a file with System.IO and let a denial end the rank
        Console.WriteLine(File.ReadAllText(args[1]));
        return 0;
    case "host-denied": // host-denied PATH: read a file through the proxy and print why it failed
        try
        {
            Console.WriteLine(Hpc.IO.HostFile.ReadAllText(args[1]));
        }
        catch (Exception e)
        {
            Console.WriteLine($"{e.GetType().Name}: {e.Message}");
        }

        return 0;
    case "stdin": // every rank reads Console.In to its end and says what it got
        {
            var lines = new List<string>();
            while (Console.ReadLine() is { } line)
            {
                lines.Add(line);
            }

            Console.WriteLine($"rank {Job.Rank} read {lines.Count} lines [{string.Join("|", lines)}]");
            return 0;
        }
    case "no-newline": // every rank prints a line without its end and returns
        Console.Write($"rank {Job.Rank} no newline");
        return 0;
    case "rank-env": // the launchers' rank variables as a plain program sees them
        Console.WriteLine($"rank {Job.Rank}: PMI_RANK={Environment.GetEnvironmentVariable("PMI_RANK")} PMI_SIZE={Environment.GetEnvironmentVariable("PMI_SIZE")} OMPI_COMM_WORLD_RANK={Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_RANK")} OMPI_COMM_WORLD_SIZE={Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE")} SLURM_PROCID={Environment.GetEnvironmentVariable("SLURM_PROCID")}");
        return 0;
    case "threads": // the cpus every thread of the isle may run on
        if (Job.Rank == 0)
        {
            foreach (string task in Directory.GetDirectories("/proc/self/task"))
            {
                string allowed = File.ReadLines(Path.Combine(task, "status")).First(l => l.StartsWith("Cpus_allowed_list", StringComparison.Ordinal));
                Console.WriteLine($"thread {Path.GetFileName(task)} {allowed.Split(':')[1].Trim()}");
            }
        }

        return 0;
    case "forge-rank-exit": // rank 0 (isle 0) appends RankExit{0} to rank 1's ring (isle 1); rank 1 then returns 7
        if (Job.Rank == 1)
        {
            Comm.World.Send(1, 0, 1); // rank 1's ring writer exists
            _ = Comm.World.Recv<int>(0, 2); // the forged record is in
            Forgery.WaitConsumed(Forgery.RankRing(1));
            return 7;
        }

        _ = Comm.World.Recv<int>(1, 1);
        Forgery.Append(Forgery.RankRing(1), Forgery.RankExitOp);
        Comm.World.Send(1, 1, 2);
        return 0;
    case "forge-isle-exit": // rank 0 (isle 0) appends IsleExit{0} to isle 1's ring; rank 1 then SIGKILLs its isle
        if (Job.Rank == 1)
        {
            Comm.World.Send(1, 0, 1);
            _ = Comm.World.Recv<int>(0, 2);
            Forgery.WaitConsumed(Forgery.IsleRing(1));
            Native.Kill(Environment.ProcessId, 9);
            WaitToBeEnded();
            return 0;
        }

        _ = Comm.World.Recv<int>(1, 1);
        Forgery.Append(Forgery.IsleRing(1), Forgery.IsleExitOp);
        Comm.World.Send(1, 1, 2);
        return 0;
    case "forge-console": // rank 1 prints lines made to pass for rank 0's or for hermit-run's own
        if (Job.Rank == 1)
        {
            Console.Write("rank 1 says\r[0] forged by rank 1\n");
            Console.Write("\u001b[2K\r[0] forged again by rank 1\n");
            Console.Error.Write("hermit-run: rank 0 (isle 0, cpu 0) failed: forged by rank 1\n");
            Console.Error.Write("partial\r");
            Console.Error.Flush();
            Thread.Sleep(300); // the proxy falls idle and writes the open line as it is
            Console.Error.Write("hermit-run: forged in two parts\n");
            Console.Error.Write("hermit-");
            Console.Error.Flush();
            Thread.Sleep(300);
            Console.Error.Write("run: forged across an idle flush\n");
            using Stream direct = Console.OpenStandardError(); // the isle's own descriptor 2, past the rank's console
            direct.Write("hermit-run: forged through descriptor 2\n"u8);
        }
        else
        {
            Console.WriteLine("rank 0 real");
        }

        return 0;
    case "flood": // every rank prints long lines without end
        string flood = new('x', 1000);
        while (true)
        {
            Console.WriteLine(flood);
        }

    default:
        Console.Error.WriteLine($"unknown behaviour '{(args.Length > 0 ? args[0] : "")}'");
        return 3;
}

/// <summary>Blocks the rank for good, handing its core to the other ranks of its core.</summary>
static void WaitToBeEnded() => Comm.World.Recv<int>(Any.Source, 424242);

/// <summary>A static that must be per rank.</summary>
internal static class Counter
{
    /// <summary>Incremented once by each rank.</summary>
    public static int Value;
}

/// <summary>libc calls the job makes on purpose.</summary>
internal static partial class Native
{
    /// <summary>kill(2).</summary>
    [LibraryImport("libc", EntryPoint = "kill")]
    public static partial int Kill(int pid, int signal);
}

/// <summary>Forwarded file calls, each printing what happened.</summary>
internal static class FileChecks
{
    /// <summary>Runs the checks (rank 0 only prints; other ranks write their own file).</summary>
    public static int Run(string dir, string outside)
    {
        string mine = Path.Combine(dir, $"rank{Job.Rank}.txt");
        using (Stream stream = HostFile.Create(mine))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes($"written by rank {Job.Rank}\n"));
        }

        Console.WriteLine($"read back: {HostFile.ReadAllText(mine).Trim()}");
        if (Job.Rank != 0)
        {
            return 0;
        }

        Try("stat", () => $"length {HostFile.GetInfo(mine).Length}");
        Try("seek", () =>
        {
            using Stream s = HostFile.Open(mine, FileMode.Open, FileAccess.ReadWrite);
            s.Seek(8, SeekOrigin.Begin);
            byte[] buffer = new byte[2];
            s.ReadExactly(buffer);
            s.SetLength(4);
            return $"{System.Text.Encoding.UTF8.GetString(buffer)} length {s.Length}";
        });
        Try("mkdir", () => { HostDirectory.Create(Path.Combine(dir, "sub")); return "ok"; });
        Try("rename", () => { HostFile.Move(mine, Path.Combine(dir, "sub", "moved.txt")); return "ok"; });
        Try("readdir", () => string.Join(",", HostDirectory.GetEntries(Path.Combine(dir, "sub")).Select(e => $"{e.Name}:{e.Kind}")));
        Try("unlink", () => { HostFile.Delete(Path.Combine(dir, "sub", "moved.txt")); return "ok"; });
        Try("rmdir", () => { HostDirectory.Delete(Path.Combine(dir, "sub")); return "ok"; });
        Try("missing", () => HostFile.ReadAllText(Path.Combine(dir, "no-such-file")));
        Try("dotdot", () => HostFile.ReadAllText(Path.Combine(dir, "..", "..", "..", "..", "..", "..", "etc", "hostname")));
        Try("absolute-outside", () => HostFile.ReadAllText(outside));
        Try("write-outside", () => { HostFile.WriteAllText(outside + ".new", "x"); return "ok"; });
        Try("symlink-out", () => HostFile.ReadAllText(Path.Combine(dir, "link-out")));
        return 0;
    }

    /// <summary>Prints "NAME ok: RESULT" or "NAME error: EXCEPTION-TYPE".</summary>
    private static void Try(string name, Func<string> action)
    {
        try
        {
            Console.WriteLine($"{name} ok: {action()}");
        }
        catch (Exception e)
        {
            Console.WriteLine($"{name} error: {e.GetType().Name}");
        }
    }
}
