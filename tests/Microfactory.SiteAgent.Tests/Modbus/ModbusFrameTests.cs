using Microfactory.SiteAgent.Modbus;

namespace Microfactory.SiteAgent.Tests.Modbus;

/// <summary>MBAP framing as the Modbus TCP implementation guide gives it, and what the client refuses.</summary>
public sealed class ModbusFrameTests
{
    [Fact]
    public void A_request_carries_the_transaction_id_protocol_zero_the_length_and_the_unit()
    {
        var frame = ModbusFrame.Request(0x1234, 7, ModbusFunction.ReadHoldingRegisters, [0x00, 0x0A, 0x00, 0x02]);

        Assert.Equal(new byte[] { 0x12, 0x34, 0x00, 0x00, 0x00, 0x06, 0x07, 0x03, 0x00, 0x0A, 0x00, 0x02 }, frame);
    }

    [Fact]
    public void A_header_shorter_than_seven_bytes_is_truncated()
    {
        var error = Assert.Throws<ModbusProtocolException>(() => ModbusFrame.ReadHeader([0x00, 0x01, 0x00, 0x00, 0x00]));

        Assert.Contains("Truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_length_beyond_the_largest_pdu_is_oversized()
    {
        var error = Assert.Throws<ModbusProtocolException>(() => ModbusFrame.ReadHeader([0x00, 0x01, 0x00, 0x00, 0x00, 0xFF, 0x01]));

        Assert.Contains("oversized", error.Message, StringComparison.Ordinal);
        Assert.Contains("255", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_length_too_short_for_any_response_is_refused()
    {
        var error = Assert.Throws<ModbusProtocolException>(() => ModbusFrame.ReadHeader([0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x01]));

        Assert.Contains("too short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_protocol_id_other_than_zero_is_not_modbus()
    {
        var error = Assert.Throws<ModbusProtocolException>(() => ModbusFrame.ReadHeader([0x00, 0x01, 0x00, 0x01, 0x00, 0x05, 0x01]));

        Assert.Contains("Protocol id 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_gives_the_transaction_unit_and_the_pdu_length()
    {
        Assert.Equal((ushort)0xBEEF, ModbusFrame.ReadHeader([0xBE, 0xEF, 0x00, 0x00, 0x00, 0x06, 0x11]).TransactionId);
        Assert.Equal((byte)0x11, ModbusFrame.ReadHeader([0xBE, 0xEF, 0x00, 0x00, 0x00, 0x06, 0x11]).UnitId);
        Assert.Equal(5, ModbusFrame.ReadHeader([0xBE, 0xEF, 0x00, 0x00, 0x00, 0x06, 0x11]).PduLength);
    }

    [Fact]
    public void A_response_to_another_transaction_is_refused()
    {
        var error = Assert.Throws<ModbusProtocolException>(() =>
            ModbusFrame.ReadResponse(8, 1, ModbusFunction.ReadHoldingRegisters, 0, 7, 1, new byte[] { 0x03, 0x02, 0x00, 0x05 }));

        Assert.Contains("transaction id 7 does not match the request's 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_from_another_unit_or_for_another_function_is_refused()
    {
        Assert.Contains("unit 2", Assert.Throws<ModbusProtocolException>(() =>
            ModbusFrame.ReadResponse(1, 1, ModbusFunction.ReadCoils, 0, 1, 2, new byte[] { 0x01, 0x01, 0x00 })).Message, StringComparison.Ordinal);
        Assert.Contains("function code 4", Assert.Throws<ModbusProtocolException>(() =>
            ModbusFrame.ReadResponse(1, 1, ModbusFunction.ReadHoldingRegisters, 0, 1, 1, new byte[] { 0x04, 0x02, 0x00, 0x00 })).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "illegal function")]
    [InlineData(2, "illegal data address")]
    [InlineData(3, "illegal data value")]
    [InlineData(4, "server device failure")]
    [InlineData(6, "server device busy")]
    [InlineData(11, "gateway target device failed to respond")]
    public void An_exception_response_names_its_code_meaning_function_and_address(byte code, string meaning)
    {
        var error = Assert.Throws<ModbusServerException>(() =>
            ModbusFrame.ReadResponse(3, 1, ModbusFunction.WriteSingleRegister, 40, 3, 1, new byte[] { 0x86, code }));

        Assert.Equal(code, error.Code);
        Assert.Equal(ModbusFunction.WriteSingleRegister, error.Function);
        Assert.Contains($"Modbus exception {code} ({meaning}", error.Message, StringComparison.Ordinal);
        Assert.Contains("write single register (FC6) at address 40", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_response_of_the_wrong_length_is_a_protocol_error()
    {
        Assert.Throws<ModbusProtocolException>(() =>
            ModbusFrame.ReadResponse(3, 1, ModbusFunction.ReadCoils, 0, 3, 1, new byte[] { 0x81, 0x02, 0x00 }));
    }
}
