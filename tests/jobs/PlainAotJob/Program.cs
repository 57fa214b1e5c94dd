// Usage: PlainAotJob OUTSIDE-PATH [throw|kill]
//   OUTSIDE-PATH: a file outside the job's allowed roots, which it tries (and must fail) to write.
//   throw / kill: the rank named by PMI_RANK 1 throws, or kills itself, after its normal output; the others return 0
//   (without a mode every rank returns 3).
using System.Globalization;
using System.Text;

string rank = Environment.GetEnvironmentVariable("PMI_RANK") ?? "0";
var squares = new List<int>();
for (int i = 1; i <= 10; i++)
{
    squares.Add(i * i);
}

var names = new Dictionary<string, int> { ["one"] = 1, ["two"] = 2, ["three"] = 3 };
int evenSum = squares.Where(s => s % 2 == 0).Sum();
string joined = string.Join(",", names.OrderBy(p => p.Value).Select(p => $"{p.Key}={p.Value}"));
Console.WriteLine($"rank {rank}: list {squares.Count} items, even squares sum {evenSum}, dictionary {joined}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rank {rank}: pi {Math.PI:F6}, {12345678.9:N1}, {DateTime.UnixEpoch:yyyy-MM-dd}"));

try
{
    string? nothing = args.Length > 99 ? "never" : null;
    Console.WriteLine(nothing!.Length);
}
catch (NullReferenceException)
{
    Console.WriteLine($"rank {rank}: caught NullReferenceException");
}

try
{
    int[] three = new int[3];
    int index = squares.Count;
    three[index] = 1;
}
catch (IndexOutOfRangeException)
{
    Console.WriteLine($"rank {rank}: caught IndexOutOfRangeException");
}

int fromTask = await Task.Run(() => Enumerable.Range(1, 100).Sum());
int fromThread = 0;
var thread = new Thread(() => fromThread = Enumerable.Range(1, 10).Aggregate(1, (a, b) => a * b));
thread.Start();
thread.Join();
Console.WriteLine($"rank {rank}: task {fromTask}, thread {fromThread}");

// 512 MiB in short-lived 64 KiB arrays: the GC must collect to get through it.
int collectionsBefore = GC.CollectionCount(0);
long checksum = 0;
for (int i = 0; i < 8192; i++)
{
    byte[] chunk = new byte[64 * 1024];
    chunk[i % chunk.Length] = (byte)i;
    checksum += chunk[i % chunk.Length];
}

Console.WriteLine($"rank {rank}: allocated 512 MiB, checksum {checksum}, collected {GC.CollectionCount(0) > collectionsBefore}");

string inside = $"plain-aot-{rank}.txt";
File.WriteAllText(inside, $"written by rank {rank}\n", Encoding.UTF8);
Console.WriteLine($"rank {rank}: inside the roots read back '{File.ReadAllText(inside).TrimEnd()}'");
File.Delete(inside);

string outside = args.Length > 0 ? args[0] : "/var/tmp/plain-aot-outside.txt";
try
{
    File.WriteAllText(outside, "escaped");
    Console.WriteLine($"rank {rank}: outside the roots written");
}
catch (Exception e) when (e is UnauthorizedAccessException or IOException)
{
    Console.WriteLine($"rank {rank}: outside the roots refused");
}

string mode = args.Length > 1 ? args[1] : "";
if (rank == "1" && mode == "throw")
{
    throw new InvalidOperationException("rank 1 gives up");
}

if (rank == "1" && mode == "kill")
{
    System.Diagnostics.Process.GetCurrentProcess().Kill();
}

// In a failure mode the other ranks succeed, so the failing rank is the job's one cause.
return mode.Length == 0 ? 3 : 0;
