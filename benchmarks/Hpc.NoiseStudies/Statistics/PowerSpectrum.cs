using System.Numerics;

namespace Hpc.NoiseStudies.Statistics;

/// <summary>The power spectrum of an evenly spaced series (FTQ work per interval), by a radix-2 FFT.</summary>
internal static class PowerSpectrum
{
    /// <summary>
    /// The one-sided power spectrum of the first power-of-two samples of <paramref name="series"/>, its mean
    /// removed: element k is the power at frequency k / (N × <paramref name="spacingSeconds"/>), k = 0 .. N/2.
    /// </summary>
    public static (double[] FrequencyHz, double[] Power) Of(ReadOnlySpan<double> series, double spacingSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(series.Length, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spacingSeconds);
        int n = 1 << BitOperations.Log2((uint)series.Length);
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += series[i];
        }

        mean /= n;
        var data = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            data[i] = series[i] - mean;
        }

        Transform(data);
        double[] frequency = new double[(n / 2) + 1];
        double[] power = new double[(n / 2) + 1];
        for (int k = 0; k <= n / 2; k++)
        {
            frequency[k] = k / (n * spacingSeconds);
            power[k] = data[k].Magnitude * data[k].Magnitude / n;
        }

        return (frequency, power);
    }

    /// <summary>In-place iterative Cooley–Tukey FFT; the length must be a power of two.</summary>
    public static void Transform(Complex[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Length;
        if (!BitOperations.IsPow2(n))
        {
            throw new ArgumentException("the length must be a power of two", nameof(data));
        }

        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }

        for (int length = 2; length <= n; length <<= 1)
        {
            double angle = -2 * Math.PI / length;
            var step = new Complex(Math.Cos(angle), Math.Sin(angle));
            for (int start = 0; start < n; start += length)
            {
                Complex w = Complex.One;
                for (int k = 0; k < length / 2; k++)
                {
                    Complex even = data[start + k];
                    Complex odd = data[start + k + (length / 2)] * w;
                    data[start + k] = even + odd;
                    data[start + k + (length / 2)] = even - odd;
                    w *= step;
                }
            }
        }
    }
}
