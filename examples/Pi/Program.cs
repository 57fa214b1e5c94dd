// π = ∫₀¹ 4 / (1 + x²) dx by the midpoint rule. Each rank integrates a strided share of the intervals and leaves
// its partial sum in a host file; rank 0 adds them up. (Until ranks exchange messages, files are the channel.)
using System.Globalization;
using Hpc;
using Hpc.IO;

long intervals = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 50_000_000;
double width = 1.0 / intervals;
double sum = 0;
for (long i = Job.Rank; i < intervals; i += Job.Size)
{
    double x = (i + 0.5) * width;
    sum += 4.0 / (1.0 + x * x);
}

string folder = $"pi-parts";
HostDirectory.Create(folder);
// Write then rename, so rank 0 never reads a half-written part.
HostFile.WriteAllText($"{folder}/{Job.Rank}.tmp", (sum * width).ToString("R", CultureInfo.InvariantCulture));
HostFile.Move($"{folder}/{Job.Rank}.tmp", $"{folder}/{Job.Rank}.part");
if (Job.Rank != 0)
{
    return;
}

double pi = 0;
for (int rank = 0; rank < Job.Size; rank++)
{
    string part = $"{folder}/{rank}.part";
    while (!HostFile.Exists(part))
    {
        Thread.Sleep(1);
    }

    pi += double.Parse(HostFile.ReadAllText(part), CultureInfo.InvariantCulture);
    HostFile.Delete(part);
}

HostDirectory.Delete(folder);
Console.WriteLine($"pi ≈ {pi:F12} (error {Math.Abs(pi - Math.PI):E2}) from {intervals:N0} intervals on {Job.Size} ranks");
