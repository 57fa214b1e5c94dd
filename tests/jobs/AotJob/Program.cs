// What a job that knows nothing of Hpc uses of the runtime: collections, LINQ, interpolation, exceptions the
// runtime raises from hardware faults (NullReferenceException: a page fault turned into SIGSEGV) and from checks
// (IndexOutOfRangeException), a Task on the thread pool and a Thread, and short-lived arrays adding up to several
// times the VM's memory, which only a collecting GC survives. Its output is the same wherever it runs. With the
// argument "wild" it writes through a wild pointer instead (the runtime fails fast; the kernel names the address).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

if (args.Length > 0 && args[0] == "wild")
{
    Console.WriteLine("writing through a wild pointer");
    Marshal.WriteInt32(new IntPtr(0x7654_3210_0000L), 1);
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

// Hidden from the compiler so the null and the index reach run time.
[MethodImpl(MethodImplOptions.NoInlining)]
static string? Unknown() => Environment.GetEnvironmentVariable("HPC_AOTJOB_NEVER_SET");

[MethodImpl(MethodImplOptions.NoInlining)]
static int Index(int length) => length + 1;
