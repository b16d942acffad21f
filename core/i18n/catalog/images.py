"""Labels drawn on offline images and charts, and the image style names."""

MESSAGES = {
    "images.label.offline": {"en": "OFFLINE", "zh-CN": "离线生成"},
    "images.style.realistic": {"en": "Realistic", "zh-CN": "写实"},
    "images.style.artistic": {"en": "Artistic", "zh-CN": "艺术"},
    "images.style.cartoon": {"en": "Cartoon", "zh-CN": "卡通"},
    "images.style.abstract": {"en": "Abstract", "zh-CN": "抽象"},
    "images.style.vintage": {"en": "Vintage", "zh-CN": "复古"},
    "images.style.minimalist": {"en": "Minimalist", "zh-CN": "极简"},
    "images.chart.no_data": {"en": "No data for this period", "zh-CN": "该时间段暂无数据"},
    "images.chart.x_axis": {"en": "Day", "zh-CN": "日期"},
    "images.chart.y_axis": {"en": "Jobs", "zh-CN": "任务数"},
    "images.kind.article": {"en": "Article", "zh-CN": "文章"},
    "images.kind.post": {"en": "Social post", "zh-CN": "社交帖子"},
    "images.kind.script": {"en": "Script", "zh-CN": "脚本"},
    "images.kind.image": {"en": "Image", "zh-CN": "图片"},
    "images.kind.report": {"en": "Report", "zh-CN": "报告"},
}
