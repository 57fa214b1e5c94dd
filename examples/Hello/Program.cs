// Each rank prints who it is and where it runs. Outside hermit-run it is rank 0 of 1.
using Hpc;

Console.WriteLine($"Hello from rank {Job.Rank} of {Job.Size} on isle {Job.Isle} of {Job.IsleCount}, cpu {Job.Cpu}");
