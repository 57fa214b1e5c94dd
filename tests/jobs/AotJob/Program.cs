// What a job that knows nothing of Hpc uses of the runtime: collections, LINQ, interpolation, exceptions the
// runtime raises from hardware faults (NullReferenceException: a page fault turned into SIGSEGV) and from checks
// (IndexOutOfRangeException), a Task on the thread pool and a Thread, and short-lived arrays adding up to several
// times the VM's memory, which only a collecting GC survives. Its output is the same wherever it runs. With the
// argument "wild" it writes through a wild pointer instead (the runtime fails fast; the kernel names the address).
// With "files" it only uses files (under hermit-run: its working directory is an allowed root; on metal every call
// goes to the proxy) and returns 0.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

if (args.Length > 0 && args[0] == "wild")
{
    Console.WriteLine("writing through a wild pointer");
    Marshal.WriteInt32(new IntPtr(0x7654_3210_0000L), 1);
}

if (args.Length > 0 && args[0] == "files")
{
    return FileRound();
}

if (args.Length > 0 && args[0] == "spinning")
{
    // A thread spins in managed code (no calls, no allocation) while this one collects: the GC must stop it
    // wherever it is, which on Linux takes a signal to that thread (tgkill: an IPI to its vCPU on metal).
    bool stop = false;
    long spins = 0;
    var spinner = new Thread(() =>
    {
        long n = 0;
        while (!Volatile.Read(ref stop))
        {
            n++;
        }

        spins = n;
    });
    spinner.Start();
    for (int i = 0; i < 20; i++)
    {
        GC.Collect();
    }

    Volatile.Write(ref stop, true);
    spinner.Join();
    Console.WriteLine($"collected 20 times beside a spinning thread: {spins > 0}");
}

var primes = new List<int>();
for (int candidate = 2; primes.Count < 20; candidate++)
{
    if (primes.All(p => candidate % p != 0))
    {
        primes.Add(candidate);
    }
}

var squares = new Dictionary<int, long>();
foreach (int p in primes)
{
    squares[p] = (long)p * p;
}

Console.WriteLine($"primes: {string.Join(",", primes.Take(8))} ... sum {primes.Sum()}");
Console.WriteLine($"squares: {squares.Count} entries, 71 -> {squares[71]}, odd {squares.Keys.Count(k => k % 2 == 1)}");
string grouped = string.Join(" ", primes.GroupBy(p => p % 10).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"));
Console.WriteLine($"last digits: {grouped}");

try
{
    Console.WriteLine(Unknown()!.Length);
}
catch (NullReferenceException)
{
    Console.WriteLine("caught NullReferenceException");
}

try
{
    int[] few = new int[3];
    Console.WriteLine(few[Index(few.Length)]);
}
catch (IndexOutOfRangeException)
{
    Console.WriteLine("caught IndexOutOfRangeException");
}

int fromTask = await Task.Run(() => Enumerable.Range(1, 1000).Sum());
Console.WriteLine($"task: {fromTask}");

long fromThread = 0;
var thread = new Thread(() => fromThread = Enumerable.Range(1, 100).Select(i => (long)i * i).Sum());
thread.Start();
thread.Join();
Console.WriteLine($"thread: {fromThread}");

// 8192 arrays of 64 KiB (512 MiB in all), each live only for its round: gen-0 collections reclaim them.
long checksum = 0;
int collectionsBefore = GC.CollectionCount(0);
for (int round = 0; round < 8192; round++)
{
    byte[] block = new byte[64 * 1024];
    block[round % block.Length] = (byte)round;
    checksum += block[round % block.Length] + block.Length;
}

Console.WriteLine($"allocated: {checksum}, collected: {GC.CollectionCount(0) > collectionsBefore}");
return 3;

// Writes, reads back, renames, lists and deletes files below the working directory, then is refused outside the roots.
static int FileRound()
{
    string folder = "aotjob-files";
    if (Directory.Exists(folder))
    {
        Directory.Delete(folder, recursive: true);
    }

    Directory.CreateDirectory(folder);
    string text = Path.Combine(folder, "lines.txt");
    File.WriteAllText(text, "alpha\nbeta\n");
    File.AppendAllText(text, "gamma\n");
    Console.WriteLine($"files: read back {string.Join(",", File.ReadAllLines(text))}");

    // 100 000 bytes: more than one ring record and one reply, so writes and reads go in pieces.
    string blocks = Path.Combine(folder, "blocks.bin");
    using (var stream = new FileStream(blocks, FileMode.Create, FileAccess.ReadWrite))
    {
        byte[] pattern = new byte[100_000];
        for (int i = 0; i < pattern.Length; i++)
        {
            pattern[i] = (byte)(i * 7);
        }

        stream.Write(pattern);
        stream.Flush(flushToDisk: true);
        stream.SetLength(99_000);
        stream.Position = 1000;
        Console.WriteLine($"files: stream length {stream.Length}, byte at 1000 is {stream.ReadByte()}");
    }

    byte[] back = File.ReadAllBytes(blocks);
    long sum = 0;
    foreach (byte b in back)
    {
        sum += b;
    }

    Console.WriteLine($"files: read {back.Length} bytes, sum {sum}");
    string renamed = Path.Combine(folder, "renamed.txt");
    File.Move(text, renamed);
    Directory.CreateDirectory(Path.Combine(folder, "inner"));
    string[] listed = [.. Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
    Console.WriteLine($"files: listed {string.Join(",", listed)}; {renamed} is {new FileInfo(renamed).Length} bytes, {text} exists {File.Exists(text)}");
    File.Delete(renamed);

    // Four threads at once, each with a file of its own (on metal they take turns for the rank's one reply area).
    Task<int>[] writers = [.. Enumerable.Range(0, 4).Select(t => Task.Run(() =>
    {
        string own = Path.Combine(folder, $"thread{t}.txt");
        File.WriteAllText(own, new string((char)('a' + t), 1000 * (t + 1)));
        return File.ReadAllText(own).Count(c => c == 'a' + t);
    }))];
    Task.WaitAll(writers);
    Console.WriteLine($"files: threads read back {string.Join(",", writers.Select(w => w.Result))}");

    // More entries than one getdents64 buffer of glibc holds (1024 of these), and removed while they are listed.
    string many = Path.Combine(folder, "many");
    Directory.CreateDirectory(many);
    for (int i = 0; i < 1300; i++)
    {
        File.WriteAllBytes(Path.Combine(many, $"n{i:D4}"), []);
    }

    Console.WriteLine($"files: {Directory.EnumerateFiles(many).Count()} entries in a large directory");
    Directory.Delete(folder, recursive: true);
    Console.WriteLine($"files: deleted, {folder} exists {Directory.Exists(folder)}");

    try
    {
        Console.WriteLine($"files: read {File.ReadAllText("aotjob-missing.txt").Length} characters of a missing file");
    }
    catch (FileNotFoundException)
    {
        Console.WriteLine("files: reading a missing file: FileNotFoundException");
    }

    try
    {
        Console.WriteLine($"files: read /etc/passwd, {File.ReadAllText("/etc/passwd").Length} characters");
    }
    catch (UnauthorizedAccessException)
    {
        Console.WriteLine("files: reading /etc/passwd refused (UnauthorizedAccessException)");
    }

    // Refused as a read-only file system by a hosted isle's own mounts, as no access by the proxy: only "refused" is
    // the same everywhere.
    string forbidden = "/usr/aotjob-forbidden.txt";
    try
    {
        File.WriteAllText(forbidden, "escaped");
        Console.WriteLine($"files: wrote {forbidden}");
    }
    catch (Exception e) when (e is UnauthorizedAccessException or IOException)
    {
        Console.WriteLine($"files: writing {forbidden} refused, exists {File.Exists(forbidden)}");
    }

    return 0;
}

// Hidden from the compiler so the null and the index reach run time.
[MethodImpl(MethodImplOptions.NoInlining)]
static string? Unknown() => Environment.GetEnvironmentVariable("HPC_AOTJOB_NEVER_SET");

[MethodImpl(MethodImplOptions.NoInlining)]
static int Index(int length) => length + 1;
