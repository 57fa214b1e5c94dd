// Ping-pong between ranks 0 and 1: one-way latency (half a round trip) and bandwidth per message size.
using System.Globalization;
using Hpc.Mpi;

Comm world = Comm.World;
if (world.Size < 2)
{
    Console.Error.WriteLine("PingPong needs two ranks: hermit-run -n 2 examples/PingPong");
    return 2;
}

int maxBytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4 << 20;
byte[] buffer = new byte[maxBytes];
if (world.Rank == 0)
{
    Console.WriteLine($"{"bytes",10} {"one-way µs",12} {"MB/s",10}");
}

for (int size = 0; size <= maxBytes; size = size == 0 ? 1 : size * 4)
{
    int iterations = size < 65536 ? 2000 : 100;
    Span<byte> message = buffer.AsSpan(0, size);
    double start = 0;
    for (int i = -iterations / 10; i < iterations; i++)
    {
        if (i == 0)
        {
            start = Comm.Wtime(); // after the warm-up rounds
        }

        if (world.Rank == 0)
        {
            world.Send<byte>(message, 1, 0);
            world.Recv(message, 1, 0);
        }
        else if (world.Rank == 1)
        {
            world.Recv(message, 0, 0);
            world.Send<byte>(message, 0, 0);
        }
    }

    double oneWay = (Comm.Wtime() - start) / iterations / 2;
    if (world.Rank == 0)
    {
        Console.WriteLine($"{size,10} {oneWay * 1e6,12:F3} {size / oneWay / 1e6,10:F1}");
    }
}

return 0;
