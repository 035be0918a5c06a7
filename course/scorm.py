"""imsmanifest.xml for SCORM 1.2 and SCORM 2004 4th Edition: one SCO holding the whole course."""

from __future__ import annotations

from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from .model import Course

LAUNCH_PAGE = "launch.html"
SCHEMAS_12 = ("imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd")


def _ident(course: Course) -> str:
    # xs:ID must start with a letter or underscore; course ids may start with a digit.
    return f"MANIFEST-{course.id}"


def _files(paths: list[str]) -> str:
    return "\n".join(f'      <file href={quoteattr(quote(path, safe="/-_.~"))}/>' for path in paths)


def _title(course: Course) -> str:
    return escape(course.title.get(course.chain(course.languages[0])))


def _lom_12(course: Course) -> str:
    def strings(text: dict[str, str]) -> str:
        return "".join(f'<imsmd:langstring xml:lang="{lang}">{escape(value)}</imsmd:langstring>'
                       for lang, value in text.items())
    description = strings(course.description.values) if course.description else ""
    return (
        "    <imsmd:lom>\n      <imsmd:general>\n"
        f"        <imsmd:title>{strings(course.title.values)}</imsmd:title>\n"
        + "".join(f"        <imsmd:language>{lang}</imsmd:language>\n" for lang in course.languages)
        + (f"        <imsmd:description>{description}</imsmd:description>\n" if description else "")
        + "      </imsmd:general>\n      <imsmd:lifecycle>\n"
        f'        <imsmd:version><imsmd:langstring xml:lang="x-none">{escape(course.version)}</imsmd:langstring></imsmd:version>\n'
        "      </imsmd:lifecycle>\n    </imsmd:lom>\n")


def manifest_12(course: Course, paths: list[str]) -> str:
    """The SCORM 1.2 manifest; `paths` are every file of the package except the manifest."""
    title = _title(course)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{_ident(course)}" version={quoteattr(course.version)}
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
          xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                              http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
                              http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
{_lom_12(course)}  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>{title}</title>
      <item identifier="ITEM-1" identifierref="RES-1" isvisible="true">
        <title>{title}</title>
        <adlcp:masteryscore>{course.pass_mark}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" adlcp:scormtype="sco" href="{LAUNCH_PAGE}">
{_files(paths)}
    </resource>
  </resources>
</manifest>
"""


def _lom_2004(course: Course) -> str:
    def strings(text: dict[str, str]) -> str:
        return "".join(f'<string language="{lang}">{escape(value)}</string>' for lang, value in text.items())
    description = f"<description>{strings(course.description.values)}</description>" if course.description else ""
    languages = "".join(f"<language>{lang}</language>" for lang in course.languages)
    return (
        '    <lom xmlns="http://ltsc.ieee.org/xsd/LOM">\n'
        f"      <general><title>{strings(course.title.values)}</title>{languages}{description}</general>\n"
        f'      <lifeCycle><version><string language="x-none">{escape(course.version)}</string></version></lifeCycle>\n'
        "    </lom>\n")


def manifest_2004(course: Course, paths: list[str]) -> str:
    """The SCORM 2004 4th Edition manifest."""
    title = _title(course)
    passing = f"{course.pass_mark / 100:.2f}".rstrip("0").rstrip(".")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{_ident(course)}" version={quoteattr(course.version)}
          xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
          xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
          xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd
                              http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd
                              http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd
                              http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd
                              http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd
                              http://ltsc.ieee.org/xsd/LOM lom.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
{_lom_2004(course)}  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>{title}</title>
      <item identifier="ITEM-1" identifierref="RES-1">
        <title>{title}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="course" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{passing}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" adlcp:scormType="sco" href="{LAUNCH_PAGE}">
{_files(paths)}
    </resource>
  </resources>
</manifest>
"""
