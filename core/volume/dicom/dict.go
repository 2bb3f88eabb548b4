package dicom

import "math"

func float64frombits(u uint64) float64 { return math.Float64frombits(u) }
func float32frombits(u uint32) float32 { return math.Float32frombits(u) }

// dict holds the VR of every attribute this package reads, for implicit VR
// files (and VR UN elements). Sequences not listed are recognised by their
// first item tag.
var dict = map[Tag]string{
	0x00020010: "UI", 0x00080016: "UI", 0x00080018: "UI", 0x00080060: "CS", 0x0008103E: "LO",
	0x00080008: "CS", 0x00080020: "DA", 0x00080021: "DA", 0x00080070: "LO", 0x00081090: "LO",
	0x00100010: "PN", 0x00100020: "LO", 0x0020000D: "UI", 0x0020000E: "UI", 0x00200011: "IS",
	0x00200013: "IS", 0x00200032: "DS", 0x00200037: "DS", 0x00200052: "UI", 0x00201041: "DS",
	0x00280002: "US", 0x00280004: "CS", 0x00280006: "US", 0x00280008: "IS", 0x00280010: "US",
	0x00280011: "US", 0x00280030: "DS", 0x00280100: "US", 0x00280101: "US", 0x00280102: "US",
	0x00280103: "US", 0x00281052: "DS", 0x00281053: "DS", 0x00281054: "LO", 0x00180050: "DS",
	0x00180088: "DS", 0x00181120: "DS", 0x00180060: "DS",
	// RT Structure Set
	0x30060002: "SH", 0x30060010: "SQ", 0x30060012: "SQ", 0x30060014: "SQ", 0x30060016: "SQ",
	0x30060020: "SQ", 0x30060022: "IS", 0x30060024: "UI", 0x30060026: "LO", 0x3006002A: "IS",
	0x30060036: "CS", 0x30060039: "SQ", 0x30060040: "SQ", 0x30060042: "CS", 0x30060046: "IS",
	0x30060048: "IS", 0x30060050: "DS", 0x30060080: "SQ", 0x30060082: "IS", 0x30060084: "IS",
	0x300600A4: "CS", 0x30060085: "SH", 0x00081150: "UI", 0x00081155: "UI", 0x00081160: "IS",
	// Segmentation and multi-frame
	0x00620001: "CS", 0x00620002: "SQ", 0x00620003: "SQ", 0x00620004: "US", 0x00620005: "LO",
	0x00620006: "ST", 0x00620008: "CS", 0x00620009: "LO", 0x0062000A: "SQ", 0x0062000B: "US",
	0x0062000E: "US", 0x0062000F: "SQ", 0x00620010: "CS", 0x00620020: "UT", 0x00620021: "UI",
	0x52009229: "SQ", 0x52009230: "SQ", 0x00209113: "SQ", 0x00209116: "SQ", 0x00289110: "SQ",
	0x00289145: "SQ", 0x00089124: "SQ", 0x00082112: "SQ", 0x00081115: "SQ", 0x0008114A: "SQ",
	0x00081140: "SQ", 0x00209111: "SQ", 0x00209157: "UL", 0x00209221: "SQ", 0x00209222: "SQ",
	0x00209056: "SH", 0x00209057: "UL", 0x00209164: "UI", 0x00209165: "AT", 0x00209167: "AT",
	0x00080100: "SH", 0x00080102: "SH", 0x00080104: "LO", 0x00400008: "SQ", 0x00409096: "SQ",
	0x00089215: "SQ", 0x00089007: "CS", 0x00220022: "SQ",
	0x3004000C: "DS", 0x3004000E: "DS", 0x30040002: "CS", 0x30040004: "CS",
	0x7FE00010: "OW", 0xFFFEE000: "", 0xFFFEE00D: "", 0xFFFEE0DD: "",
}

func dictVR(t Tag) string {
	if vr, ok := dict[t]; ok {
		return vr
	}
	if t.Element() == 0 {
		return "UL" // group length
	}
	return "UN"
}
