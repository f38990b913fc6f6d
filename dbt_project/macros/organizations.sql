{# An organization name reduced for matching (docs/methodology.md#organizations): case, punctuation and legal
   suffixes ("Inc.", "Co., Ltd.", "有限公司") dropped, `&` read as "and", spaces collapsed.
   Han characters are kept, so Chinese names match Chinese aliases. #}
{% macro normalize_org_name(name) -%}
    nullif(trim(regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    replace(lower(trim({{ name }})), '&', ' and '),
                    '股份有限公司|有限责任公司|有限公司', ' ', 'g'
                ),
                '[^a-z0-9\p{Han}]+', ' ', 'g'
            ),
            '\b(the|inc|incorporated|co|ltd|limited|llc|corp|corporation|gmbh|plc|pte)\b', ' ', 'g'
        ),
        ' +', ' ', 'g'
    )), '')
{%- endmacro %}

{# Words and suffixes that make an unresolved name academia (docs/methodology.md#organizations). #}
{% macro looks_academic(name, domain) -%}
    (
        regexp_matches(lower(coalesce({{ name }}, '')),
            'universit|college|institute|academy|laborator|大学|学院|研究院|研究所')
        or regexp_matches(lower(coalesce({{ domain }}, '')), '(^|\.)(edu|ac)(\.[a-z]{2})?$')
    )
{%- endmacro %}

{# Every suffix of a domain at a dot boundary: a.b.com → [a.b.com, b.com, com]. #}
{% macro domain_suffixes(domain) -%}
    list_transform(
        range(len(string_split({{ domain }}, '.'))),
        lambda i: array_to_string(string_split({{ domain }}, '.')[i + 1:], '.')
    )
{%- endmacro %}

{# The key of an affiliation text: name, domain and country as given. #}
{% macro affiliation_key(name, domain='null', country='null') -%}
    md5(concat_ws('|', coalesce({{ name }}, ''), coalesce({{ domain }}, ''), coalesce({{ country }}, '')))
{%- endmacro %}

{# The parenthesized parts of an organization name, in order (round or full-width parentheses):
   a former name or an acronym, "Reichman University (IDC Herzliya)" → ['IDC Herzliya'].
   Empty when the name has none. #}
{% macro names_in_parentheses(name) -%}
    regexp_extract_all({{ name }}, '[(（]([^()（）]*)[)）]', 1)
{%- endmacro %}

{# The name without its parenthesized parts: "Reichman University (IDC Herzliya)" →
   "Reichman University". #}
{% macro name_outside_parentheses(name) -%}
    nullif(trim(regexp_replace({{ name }}, '[(（][^()（）]*[)）]', ' ', 'g')), '')
{%- endmacro %}
