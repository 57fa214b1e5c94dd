using System.Numerics;
using Hpc.NoiseStudies.Statistics;

namespace Hpc.NoiseStudies.Tests.Statistics;

/// <summary>The FFT against a direct DFT, and a spectrum whose peak is known.</summary>
[TestFixture]
internal sealed class PowerSpectrumTests
{
    [Test]
    public void Transform_RandomSeries_MatchesDirectDft()
    {
        var random = new Random(7);
        Complex[] data = [.. Enumerable.Range(0, 64).Select(_ => new Complex(random.NextDouble(), random.NextDouble()))];
        Complex[] expected = new Complex[data.Length];
        for (int k = 0; k < data.Length; k++)
        {
            for (int n = 0; n < data.Length; n++)
            {
                expected[k] += data[n] * Complex.FromPolarCoordinates(1, -2 * Math.PI * k * n / data.Length);
            }
        }

        PowerSpectrum.Transform(data);

        for (int k = 0; k < data.Length; k++)
        {
            Assert.That((data[k] - expected[k]).Magnitude, Is.LessThan(1e-9), $"bin {k}");
        }
    }

    [Test]
    public void Of_WorkVaryingAt250Hz_PeaksAt250Hz()
    {
        // FTQ with 100 µs intervals whose work swings with a 4 ms period.
        double[] work = [.. Enumerable.Range(0, 5000).Select(i => 400 + (50 * Math.Sin(2 * Math.PI * 250 * i * 100e-6)))];

        (double[] frequency, double[] power) = PowerSpectrum.Of(work, 100e-6);

        int peak = Enumerable.Range(1, power.Length - 1).MaxBy(k => power[k]);
        Assert.That(frequency[peak], Is.EqualTo(250).Within(10000.0 / 4096));
        Assert.That(frequency[^1], Is.EqualTo(5000).Within(1e-9));
        Assert.That(power[0], Is.EqualTo(0).Within(1e-6)); // the mean is removed
    }

    [Test]
    public void Transform_NotPowerOfTwo_Throws()
    {
        Assert.That(() => PowerSpectrum.Transform(new Complex[12]), Throws.ArgumentException);
    }
}
