using System.Text;
using Microfactory.SiteAgent.Configuration;

namespace Microfactory.SiteAgent.Modbus;

/// <summary>Engineering values in registers: 16- and 32-bit integers and floats, word order, scaling, ASCII text.</summary>
public static class ModbusValues
{
    public static double Decode(ReadOnlySpan<ushort> registers, ModbusRegisterOptions register, ModbusWordOrder order)
    {
        ArgumentNullException.ThrowIfNull(register);
        if (registers.Length < register.Width)
        {
            throw new ArgumentException($"A {register.Type} spans {register.Width} registers; {registers.Length} given.", nameof(registers));
        }

        var raw32 = register.Width == 1 ? 0u
            : order == ModbusWordOrder.HighWordFirst ? ((uint)registers[0] << 16) | registers[1]
            : ((uint)registers[1] << 16) | registers[0];
        double value = register.Type switch
        {
            ModbusValueType.UInt16 => registers[0],
            ModbusValueType.Int16 => (short)registers[0],
            ModbusValueType.UInt32 => raw32,
            ModbusValueType.Int32 => (int)raw32,
            ModbusValueType.Float32 => BitConverter.UInt32BitsToSingle(raw32),
            _ => throw new ArgumentOutOfRangeException(nameof(register), register.Type, "An unknown register type."),
        };
        return value * register.Scale;
    }

    /// <exception cref="ArgumentOutOfRangeException">The value does not fit the register's type after scaling.</exception>
    public static ushort[] Encode(double value, ModbusRegisterOptions register, ModbusWordOrder order)
    {
        ArgumentNullException.ThrowIfNull(register);
        var raw = value / register.Scale;
        uint bits;
        switch (register.Type)
        {
            case ModbusValueType.UInt16:
                return [(ushort)Whole(raw, ushort.MinValue, ushort.MaxValue, register)];
            case ModbusValueType.Int16:
                return [unchecked((ushort)(short)Whole(raw, short.MinValue, short.MaxValue, register))];
            case ModbusValueType.UInt32:
                bits = (uint)Whole(raw, uint.MinValue, uint.MaxValue, register);
                break;
            case ModbusValueType.Int32:
                bits = unchecked((uint)(int)Whole(raw, int.MinValue, int.MaxValue, register));
                break;
            case ModbusValueType.Float32:
                bits = BitConverter.SingleToUInt32Bits((float)raw);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(register), register.Type, "An unknown register type.");
        }

        var (high, low) = ((ushort)(bits >> 16), (ushort)(bits & 0xFFFF));
        return order == ModbusWordOrder.HighWordFirst ? [high, low] : [low, high];
    }

    /// <summary>ASCII, two characters per register (high byte first), up to the first NUL, trimmed.</summary>
    public static string DecodeText(ReadOnlySpan<ushort> registers)
    {
        var text = new StringBuilder(registers.Length * 2);
        foreach (var register in registers)
        {
            foreach (var b in new[] { (byte)(register >> 8), (byte)(register & 0xFF) })
            {
                if (b == 0)
                {
                    return text.ToString().Trim();
                }

                text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
            }
        }

        return text.ToString().Trim();
    }

    private static long Whole(double raw, long min, long max, ModbusRegisterOptions register)
    {
        var rounded = Math.Round(raw);
        if (double.IsNaN(rounded) || rounded < min || rounded > max)
        {
            throw new ArgumentOutOfRangeException(nameof(raw), raw, $"{raw} does not fit a {register.Type} register at address {register.Address} ({min} to {max}).");
        }

        return (long)rounded;
    }
}
