using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Modbus;

namespace Microfactory.SiteAgent.Tests.Modbus;

/// <summary>Register layouts: 32-bit values over two registers in either word order, signed values, floats, scaling, text.</summary>
public sealed class ModbusValuesTests
{
    [Theory]
    [InlineData(ModbusWordOrder.HighWordFirst, new ushort[] { 0x0001, 0x86A0 })]
    [InlineData(ModbusWordOrder.LowWordFirst, new ushort[] { 0x86A0, 0x0001 })]
    public void A_32_bit_counter_reads_in_the_configured_word_order(ModbusWordOrder order, ushort[] registers)
    {
        var counter = new ModbusRegisterOptions { Address = 10, Type = ModbusValueType.UInt32 };

        Assert.Equal(100_000, ModbusValues.Decode(registers, counter, order));
        Assert.Equal(registers, ModbusValues.Encode(100_000, counter, order));
    }

    [Fact]
    public void Signed_values_floats_and_scales_round_trip()
    {
        var int32 = new ModbusRegisterOptions { Address = 0, Type = ModbusValueType.Int32 };
        Assert.Equal(new ushort[] { 0xFFFF, 0xFFFE }, ModbusValues.Encode(-2, int32, ModbusWordOrder.HighWordFirst));
        Assert.Equal(-2, ModbusValues.Decode([0xFFFF, 0xFFFE], int32, ModbusWordOrder.HighWordFirst));

        var int16 = new ModbusRegisterOptions { Address = 0, Type = ModbusValueType.Int16 };
        Assert.Equal(-300, ModbusValues.Decode([unchecked((ushort)-300)], int16, ModbusWordOrder.HighWordFirst));

        var float32 = new ModbusRegisterOptions { Address = 0, Type = ModbusValueType.Float32 };
        Assert.Equal(new ushort[] { 0x4049, 0x0FDB }, ModbusValues.Encode(3.1415927, float32, ModbusWordOrder.HighWordFirst));
        Assert.Equal(3.1415927, ModbusValues.Decode([0x4049, 0x0FDB], float32, ModbusWordOrder.HighWordFirst), 6);

        // A counter the PLC keeps in tens: raw 12 is 120 parts.
        var tens = new ModbusRegisterOptions { Address = 0, Type = ModbusValueType.UInt16, Scale = 10 };
        Assert.Equal(120, ModbusValues.Decode([12], tens, ModbusWordOrder.HighWordFirst));
        Assert.Equal(new ushort[] { 12 }, ModbusValues.Encode(120, tens, ModbusWordOrder.HighWordFirst));
    }

    [Fact]
    public void A_value_that_does_not_fit_its_register_is_refused_with_its_address()
    {
        var register = new ModbusRegisterOptions { Address = 4, Type = ModbusValueType.UInt16 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ModbusValues.Encode(70_000, register, ModbusWordOrder.HighWordFirst));

        Assert.Contains("address 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_is_two_ascii_characters_per_register_up_to_the_first_nul()
    {
        Assert.Equal("Spindle", ModbusValues.DecodeText([0x5370, 0x696E, 0x646C, 0x6500, 0x4141]));
    }
}
