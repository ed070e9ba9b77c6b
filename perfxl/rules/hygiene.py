"""Rules: text hygiene (文字规范). Typos a reviewer circles in red: a 支出明细 that is almost a standard 支出经济分类
name, a character typed twice, spaces around a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from perfxl.check.context import CheckContext
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.resources import files
from perfxl.values import HAN, squash

CLOSE = 0.8

#: legitimate reduplications (叠词) that are not typos; not 统统: a word, but here nearly always 系统 + 统… typed twice
_REDUPLICATED_TEXT = """人人 常常 天天 谢谢 仅仅 层层 年年 个个 处处 时时 事事 家家 户户 村村 刚刚 渐渐 往往 纷纷
稍稍 明明 多多 默默 深深 久久 步步 样样 条条 件件 项项 代代 世世 节节 环环 面面 点点 滴滴
方方 种种 日日 月月 大大 小小 好好 早早 轻轻 慢慢 满满 紧紧 牢牢 实实 稳稳 扎扎 踏踏 认认
真真 切切 平平 安安 丝丝 一一 看看 试试 想想 星星 级级 片片 块块 句句 字字 篇篇 声声 次次
回回 场场 批批 所所 县县 乡乡 镇镇 组组 队队 班班 课课 区区 微微 偏偏 恰恰 白白 干干 净净
清清 楚楚 通通"""
_REDUPLICATED = frozenset(_REDUPLICATED_TEXT.split())
#: common words that start with the doubled character, so the double is a word boundary: 党委|委员, 项目|目标
_WORDS_TEXT = """会议 会员 会场 会同 会计 会商 会签 委员 委托 统计 统一 统筹 门户 作风 作为 作用 生活 生态 生产 生命 品质 品牌 品种
    务必 务实 理念 理论 动员 动态 动力 期刊 期间 期限 目标 标准 测算 测试 测评 量化 设施 设备 设计 设置 全面 全部 全区 全县
    全市 全年 全体 全民 全省 全国 安全 安排 安装 网站 网络 网民 网评 网信 网格 网上 信息 信用 信访 情况 情报 报告 报送 报表
    报道 报纸 训练 展览 展示 展开 育人 行业 行政 行动 行为 业务 业绩 用途 用于 用户 人数 人员 人口 人民 民生 民主 民族 政策
    政务 政府 政治 部门 部署 局长 长期 长效 效果 效益 效率 成本 成果 成效 成绩 本年 本级 本地 本单位 本县 本区 本市 本次 本项目
    本部门 年度 年底 年初 年末 年内 月底 月初 月份 月末 日常 日报 日期 周期 周边 周年 时效 时间 时限 时期 间隔 资金 资产 资源
    资料 资质 金额 额度 支出 支付 支持 购置 购买 施工 工程 工资 工作 工会 工具 数据 数量 数字 职工 职责 职能 能力 能够 力度
    力量 化解 共享 共同 公用 公共 公开 公众 公务 公司 公益 材料 备案 备用 备份 修缮 修理 修订 修复 检测 检查 检验 查处 查明
    查询 处理 处置 办理 办结 办公 督查 督促 督办 导向 传播 传统 文件 文化 文明 明显 明确 明年 确保 确定 保障 保护 保险 保证
    急救 应急 应用 演练 防火 防范 防控 控制 制度 制定 制作 建设 建立 建成 治理 合理 合同 合格 合作 线下 线上 上报 上级 上线
    上半年 下达 下发 下降 下半年 发放 发展 发布 发生 发挥 布置 议题 议程 党员 党建 党委 党支部 点位 区域 区级 县城 县级 市民
    市场 市级 村民 村级 户数 户籍 次数 意见 意识 视频 频道 频次 高质量 高效 质量 水质 水平 平台 台账 系统 关键 关注 法规 法律
    法治 规范 规定 规划 规模 范围 划拨 拨付 拨款 付款 款项 项目 学习 学校 学生 校园 机制 机构 机关 构建 构成 中心 心理 老人
    老年 儿童 病人 医院 医疗 医保 医生 药材 药品 食品 食堂 路面 路灯 道路 车辆 电力 电费 电话 电信 电子 电视 电脑 子项 话费
    印刷 版权 版面 面向 面临 面积 土地 土壤 地区 地方 地块 地点 林业 林地 农业 农村 农民 农户 环境 环保 源头 排查 整改 整治
    整体 整合 改善 改革 改造 改进 造价 价格 价值 准确 准备 收入 收费 收集 入库 入户 结果 结算 结构 利用 费用 评价 评估 评审
    评论 审核 审计 审批 审查 核查 核实 核心 核算 批复 批准 复核 复查 问卷 问题 调度 调查 调研 调整 研究 研判 研发 论坛 论证
    证明 证书 干部 志愿 技术 技能 故障 事业 事务 事项 事件 人次 次日 经费 经济 舆情 舆论"""
_WORDS = frozenset(_WORDS_TEXT.split())
_CJK = re.compile(rf"({HAN})\1")
_SPACES = " \t\r\n\u3000\xa0"


@lru_cache(maxsize=1)
def economic_classes() -> tuple[str, ...]:
    """The standard 支出经济分类 names (perfxl/data/economic_classification.txt), as written there."""
    text = (files("perfxl") / "data" / "economic_classification.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _class_keys() -> dict[str, str]:
    return {squash(name): name for name in economic_classes()}


@lru_cache(maxsize=4096)
def closest_class(text: str) -> str | None:
    """The standard name ``text`` is almost but not exactly (a dropped or extra character, ratio ≥ 0.8); None when it
    is a standard name, contains one ("网评员培训费"), or is not close to any.

    Cached, and cheap bounds first: a ratio of 2·M/(a+b) ≥ 0.8 is impossible when the lengths differ too much, and
    ``real_quick_ratio``/``quick_ratio`` are upper bounds of ``ratio``; a batch of returns repeats the same names."""
    key = squash(text)
    classes = _class_keys()
    if not key or key in classes or any(name in key for name in classes):
        return None
    best, best_score = None, CLOSE
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(key)
    for name, shown in classes.items():
        if 2 * min(len(key), len(name)) / (len(key) + len(name)) < best_score:
            continue
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() < best_score or matcher.quick_ratio() < best_score:
            continue
        score = matcher.ratio()
        if score >= best_score:
            best, best_score = shown, score
    return best


def doubled(text: str) -> list[str]:
    """Doubled characters that look like typos: "网评系统统技术服务" → ["统统"]; 叠词 (人人、常常) and word
    boundaries (党委委员: 委员 is a word) are not."""
    return list(_doubled(text))


@lru_cache(maxsize=16384)
def _doubled(text: str) -> tuple[str, ...]:
    found = []
    for m in _CJK.finditer(text):
        pair, after = m.group(0), text[m.start() + 1 : m.start() + 4]
        if not "\u4e00" <= pair[0] <= "\u9fff":  # HAN is wider (ＡＡ, ①①, 〇〇): only 汉字 count here
            continue
        if pair in _REDUPLICATED or after[:2] in _WORDS or after[:3] in _WORDS:
            continue
        found.append(pair)
    return tuple(found)


class Text(NamedTuple):
    """A text cell H102 and H103 read. Its address is worked out only for the few texts that give a finding
    (:func:`_cell`): most of a form's two hundred texts never need one."""

    sheet: str
    text: str
    short: bool  # a name, value or label-like cell (where spaces around it matter); False for long text
    key: str  # the field or column
    block: str = ""  # "" for a field
    position: int = 0  # the item's index in its block


def _cell(ctx: CheckContext, item: Text) -> str:
    if not item.block:
        return ctx.field_cell(item.sheet, item.key)
    return ctx.item_cell(item.sheet, item.block, item.position, item.key)


def _texts(ctx: CheckContext) -> list[Text]:
    """Every text cell H102 and H103 read, built once per check (:meth:`CheckContext.shared`)."""
    return ctx.shared(_all_texts)


def _all_texts(ctx: CheckContext) -> list[Text]:
    texts = []
    for table in ctx.indicator_tables:
        for i, ind in enumerate(table.indicators):
            texts.append(Text(table.sheet, ind.name, True, "name", table.block.key, i))
            texts.append(Text(table.sheet, ind.value, True, "value", table.block.key, i))
    if ctx.project is not None:
        p = ctx.project
        texts += _fields(p.sheet_name, p, ("unit_name", "project_name", "department"), ("period_target", "annual_target"))
    dept = ctx.department
    if dept is None:
        return texts
    o = dept.overall
    texts += _fields(o.sheet_name, o, ("unit_name", "dept_name"), ("duties",))
    texts += _block(o.sheet_name, "tasks", o.tasks, ("matter", "unit"), ("target",))
    texts += _block(dept.summary.sheet_name, "rows", dept.summary.rows, ("name",), ("period_target", "annual_target"))
    for d in dept.directions:
        texts += _fields(d.sheet_name, d, ("direction", "fund_name"), ("period_target", "annual_target"))
        texts += _block(d.sheet_name, "details", d.details, ("intro", "item"), ("basis",))
    return texts


def _fields(sheet: str, model: object, short: tuple[str, ...], long: tuple[str, ...]) -> Iterator[Text]:
    for key in short + long:
        yield Text(sheet, str(getattr(model, key) or ""), key in short, key)


def _block(sheet: str, block: str, rows: Sequence[object], short: tuple[str, ...], long: tuple[str, ...]) -> Iterator[Text]:
    for index, row in enumerate(rows):
        for key in short + long:
            yield Text(sheet, getattr(row, key), key in short, key, block, index)


@rule("H101", Severity.WARNING, Angle.COMPLETENESS, forms=("department",))
def detail_near_economic_class(ctx: CheckContext) -> Iterator[Hit]:
    """支出明细与标准经济分类科目名称只差一两个字

    检查内容：附表3 支出明细（及支出内容简介）与《政府收支分类科目》支出经济分类名称（办公费、印刷费、培训费、
    其他商品和服务支出……）很接近却不相同，多为漏字、多字。包含标准名称的具体写法（如“网评员培训费”）不查。
    为什么：支出明细按经济分类填报，写错名称，汇总和对账时归不了类（完整性）。
    示例：“其他商品和务支出” → 警告：是否为“其他商品和服务支出”？
    修改方法：改为标准名称。
    """
    for d in ctx.directions():
        for i, detail in enumerate(d.details):
            for key, text in (("intro", detail.intro), ("item", detail.item)):
                standard = closest_class(text)
                if standard is not None:
                    cell = ctx.item_cell(d.sheet_name, "details", i, key)
                    yield Hit(d.sheet_name, cell, f"{d.sheet_name}!{cell}：“{text.strip()}”不是标准的支出经济分类名称。",
                              f"是否为“{standard}”？请按《政府收支分类科目》支出经济分类填写。")


@rule("H102", Severity.ADVICE, Angle.COMPLETENESS)
def doubled_characters(ctx: CheckContext) -> Iterator[Hit]:
    """疑似重复打字

    检查内容：文字中连续两个相同的汉字（“网评系统统技术服务”的“统统”）。叠词（人人、常常、层层）和词语相接
    （党委委员、项目目标）不报。
    为什么：多打一个字是常见笔误，印在盖章的表上不好看，也会让同一事项对不上（完整性）。
    示例：“网评系统统技术服务” → 提示：是否为“网评系统技术服务”？
    修改方法：删去多打的字。
    """
    for item in _texts(ctx):
        pairs = _doubled(item.text)
        if pairs:
            fixed = item.text.strip().replace(pairs[0], pairs[0][0], 1)
            cell = _cell(ctx, item)
            yield Hit(item.sheet, cell,
                      f"{item.sheet}!{cell}：“{_clip(item.text.strip())}”中“{'”“'.join(pairs)}”疑似多打了字。",
                      f"请核对，是否为“{_clip(fixed)}”？")


def _clip(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@rule("H103", Severity.ADVICE, Angle.COMPLETENESS)
def spaces_around_name(ctx: CheckContext) -> Iterator[Hit]:
    """名称首尾有空格

    检查内容：指标名称、指标值、支出明细、单位和项目名称等是否以空格（含全角空格、换行）开头或结尾。
    为什么：看不见的空格让同一名称在汇总、比对时对不上（“ 网评工作”≠“网评工作”）（完整性）。
    示例：三级指标“ 网评工作” → 提示。
    修改方法：删去首尾空格。
    """
    for item in _texts(ctx):
        text = item.text
        if not item.short or not text.strip(_SPACES) or text == text.strip(_SPACES):
            continue
        where = "开头" if text != text.lstrip(_SPACES) else "结尾"
        if where == "开头" and text != text.rstrip(_SPACES):
            where = "首尾"
        cell = _cell(ctx, item)
        yield Hit(item.sheet, cell, f"{item.sheet}!{cell}：“{_clip(text.strip(_SPACES))}”{where}有空格。",
                  "请删去首尾空格，否则与其他行、其他表的同名事项对不上。")
